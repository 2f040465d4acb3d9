using IngestBench;

namespace FuzzBench;

/// <summary>
/// Whether the product stayed up through the run: every resource still served by the process that
/// served it at the start (the supervisor restarts a service that exits, with a new PID), and
/// every service's own <c>/health</c> answering 200.
/// </summary>
public sealed class ServiceLiveness
{
    static readonly string[] Services = ["gateway", "ingest", "agent", "billing", "admin", "sandbox"];
    static readonly string[] Servers = ["redis", "postgres"];

    readonly BenchApp _app;
    readonly Dictionary<string, int?> _pids;

    public ServiceLiveness(BenchApp app)
    {
        _app = app;
        _pids = Services.Concat(Servers).ToDictionary(name => name, app.Pid, StringComparer.Ordinal);
    }

    public string StartPids => string.Join(", ", _pids.Select(p => $"{p.Key} {p.Value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"}"));

    public async Task<IReadOnlyList<string>> ProblemsAsync(HttpClient http)
    {
        var problems = new List<string>();
        foreach (var (name, before) in _pids)
        {
            var now = _app.Pid(name);
            if (before is null || now != before)
            {
                problems.Add($"{name} is served by process {now?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}, it was {before?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"} at the start (restarted or down)");
            }
        }
        foreach (var name in Services)
        {
            try
            {
                using var response = await http.GetAsync(new Uri(_app.Endpoint(name), "/health"));
                if (!response.IsSuccessStatusCode)
                {
                    problems.Add($"{name} /health answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
                }
            }
            catch (HttpRequestException e)
            {
                problems.Add($"{name} /health did not answer: {e.Message}");
            }
        }
        return problems;
    }
}

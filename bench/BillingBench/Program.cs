using BillingBench;

// Reservations per second against a real PostgreSQL, through Billing's HTTP API (Kestrel,
// loopback) and directly through its ledger service.
//   dotnet run -c Release --project bench/BillingBench -- [--seconds 5] [--results bench/RESULTS.md]
if (BenchOptions.Parse(args, out var exitCode) is not { } options)
{
    return exitCode;
}
await using var postgres = await BenchDatabase.StartAsync();
await using var billing = await BillingUnderTest.StartAsync(postgres.ConnectionString, postgres.RedisConnectionString);

var scenarios = new[]
{
    new Scenario("ledger service", Concurrency: 1, Workspaces: 1),
    new Scenario("ledger service", Concurrency: 16, Workspaces: 16),
    new Scenario("ledger service", Concurrency: 16, Workspaces: 1),
    new Scenario("HTTP API", Concurrency: 1, Workspaces: 1),
    new Scenario("HTTP API", Concurrency: 16, Workspaces: 16),
    new Scenario("HTTP API", Concurrency: 16, Workspaces: 1),
};

var results = new List<ScenarioResult>();
foreach (var scenario in scenarios)
{
    var result = await ReservationLoad.RunAsync(billing, scenario, options.Duration);
    results.Add(result);
    Console.WriteLine(result.ToConsoleLine());
}

var table = ResultsTable.Render(results);
Console.WriteLine();
Console.WriteLine(table);
if (options.ResultsFile is { } file)
{
    ResultsFile.ReplaceSection(file, table, options.Duration);
    Console.WriteLine($"Wrote the \"{ResultsFile.SectionTitle}\" section of {file}");
}
return 0;

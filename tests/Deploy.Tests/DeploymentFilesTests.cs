using System.Text.RegularExpressions;
using Deploy.Tests.Infrastructure;
using Messaging.ServiceDefaults.Authentication;
using Npgsql;

namespace Deploy.Tests;

/// <summary>What holds for every deployment file: production only, no secret in them, and the secrets they expect well formed.</summary>
public sealed partial class DeploymentFilesTests(GeneratedSecrets generated)
{
    static readonly string[] Callers = ["gateway", "admin", "billing", "ingest", "agent", ServiceCredential.AppHostCaller];

    [Fact]
    public void Nothing_of_the_demo_is_deployed()
    {
        foreach (var file in Repository.DeploymentFiles())
        {
            var lines = File.ReadAllLines(file).Select((text, i) => (Text: text, Number: i + 1)).Where(line => !IsComment(line.Text));
            var offending = lines.Where(line => DemoWords().IsMatch(line.Text)).Select(line => $"{Path.GetRelativePath(Repository.Root, file)}:{line.Number}: {line.Text.Trim()}").ToList();
            Assert.True(offending.Count == 0, "Demo or Sandbox in a deployment file:\n" + string.Join('\n', offending));
        }
    }

    [Fact]
    public void No_secret_value_is_written_in_a_deployment_file()
    {
        foreach (var file in Repository.DeploymentFiles())
        {
            var found = File.ReadAllLines(file).Where(line => !IsComment(line)).SelectMany(line => SecretLooking().Matches(line)).Select(m => m.Value).ToList();
            Assert.True(found.Count == 0, $"{Path.GetRelativePath(Repository.Root, file)} holds what looks like a secret: {string.Join(", ", found)}");
        }
    }

    [Fact]
    public void Generated_secrets_are_what_the_services_accept()
    {
        foreach (var caller in Callers)
        {
            var credential = generated.Read($"service_credential_{caller}").Trim();
            Assert.Equal(64, credential.Length);
            Assert.Equal(ServiceCredential.Hash(credential), generated.Read($"service_credential_hash_{caller}"));
        }
        Assert.Equal(32, Convert.FromBase64String(generated.Read("secrets_master_key").Trim()).Length);
        foreach (var service in new[] { "admin", "billing", "agent", "ingest" })
        {
            var connection = new NpgsqlConnectionStringBuilder(generated.Read($"messaging_connection_{service}").Trim());
            Assert.Equal(("postgres", "messaging", $"messaging_{service}"), (connection.Host, connection.Database, connection.Username));
            Assert.Equal(generated.Read($"postgres_password_{service}").Trim(), connection.Password);
        }
        Assert.Equal(Callers.Length, Callers.Select(c => generated.Read($"service_credential_{c}")).Distinct().Count());
    }

    [Fact]
    public void Generated_secrets_stay_out_of_the_repository_and_the_image()
    {
        Assert.Contains("deploy/compose/secrets/", Repository.Read(".gitignore").Split('\n'));
        Assert.Contains("deploy/compose/secrets/", Repository.Read(".dockerignore").Split('\n'));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(generated.Directory));
    }

    [Fact]
    public async Task Generating_again_keeps_every_existing_secret()
    {
        var before = generated.Files.ToDictionary(name => name, generated.Read, StringComparer.Ordinal);
        var run = await Scripts.RunAsync("bash", [Repository.PathOf(GeneratedSecrets.Script), generated.Directory]);
        Assert.True(run.ExitCode == 0, run.Error);
        Assert.All(before, file => Assert.Equal(file.Value, generated.Read(file.Key)));
    }

    static bool IsComment(string line) => line.TrimStart().StartsWith('#') || line.TrimStart().StartsWith("--", StringComparison.Ordinal);

    [GeneratedRegex(@"(?i)sandbox|demo")]
    private static partial Regex DemoWords();

    /// <summary>Hex keys, base64 of 32 bytes, and a password, secret, token or key given a literal value.</summary>
    [GeneratedRegex(@"\b[0-9a-fA-F]{32,}\b|[A-Za-z0-9+/]{43}=|(?i)(password|secret|token|apikey|requirepass)\s*[=:]\s*[""']?[A-Za-z0-9+/]{8,}")]
    private static partial Regex SecretLooking();
}

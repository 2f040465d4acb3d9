using System.Text.RegularExpressions;
using Deploy.Tests.Infrastructure;
using Messaging.ServiceDefaults.Health;
using Messaging.ServiceDefaults.Tests;
using Microsoft.Extensions.Hosting;

namespace Deploy.Tests;

/// <summary>deploy/docker: the one container definition every service is built from, and the scripts it runs.</summary>
public sealed partial class ContainerDefinitionTests(AppHostProduction apphost)
{
    const string DockerfilePath = "deploy/docker/Dockerfile";

    static string Dockerfile => Repository.Read(DockerfilePath);

    /// <summary>The instructions of the stage that becomes the image: everything after the last FROM.</summary>
    static string RuntimeStage => Dockerfile[Dockerfile.LastIndexOf("\nFROM ", StringComparison.Ordinal)..];

    [Fact]
    public void Publishes_the_project_the_service_argument_names()
    {
        Assert.Matches(PublishLine(), Dockerfile);
        foreach (var service in apphost.Services)
        {
            var project = ProjectOf(ComposeFile.Load().Service(service.Name).Path("build", "args", "SERVICE").Text());
            Assert.True(File.Exists(Repository.PathOf(project)), $"{service.Name}: {project} does not exist.");
            Assert.Equal(service.ProjectPath, project);
        }
    }

    [Fact]
    public void Builds_on_the_sdk_and_runs_on_the_aspnet_runtime_as_its_unprivileged_user()
    {
        var stages = FromLine().Matches(Dockerfile).Select(m => m.Groups["image"].Value).ToList();
        Assert.Equal(["mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION}", "mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION}"], stages);
        Assert.Matches(@"ARG DOTNET_VERSION=10\.0\b", Dockerfile);
        var users = UserLine().Matches(RuntimeStage).Select(m => m.Groups["user"].Value).ToList();
        Assert.Equal(["$APP_UID"], users);
        Assert.True(RuntimeStage.IndexOf("USER $APP_UID", StringComparison.Ordinal) < RuntimeStage.IndexOf("ENTRYPOINT", StringComparison.Ordinal), "The entrypoint must run after USER.");
    }

    [Fact]
    public void Listens_on_the_port_compose_and_kubernetes_use()
    {
        Assert.Equal(DeploymentPorts.Container.ToString(System.Globalization.CultureInfo.InvariantCulture), HttpPortsSetting().Match(RuntimeStage).Groups["port"].Value);
        Assert.Matches($@"\nEXPOSE {DeploymentPorts.Container}\n", RuntimeStage);
    }

    [Fact]
    public void Health_check_asks_the_readiness_endpoint_the_AppHost_waits_on()
    {
        var check = HealthCheckLine().Match(RuntimeStage);
        Assert.True(check.Success, "The runtime stage has no HEALTHCHECK CMD [\"healthcheck.sh\", path].");
        Assert.Equal(HealthExtensions.HealthPath, check.Groups["path"].Value);
    }

    [Fact]
    public async Task Health_check_script_is_healthy_exactly_when_the_service_answers_200()
    {
        await using var server = await TestServer.StartAsync(builder => builder.AddServiceDefaults(), app => app.MapDefaultEndpoints());
        var port = new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = server.Url.Port.ToString(System.Globalization.CultureInfo.InvariantCulture) };

        foreach (var path in new[] { HealthExtensions.HealthPath, HealthExtensions.AlivePath })
        {
            var healthy = await Scripts.RunAsync("bash", [Repository.PathOf("deploy/docker/healthcheck.sh"), path], port);
            Assert.True(healthy.ExitCode == 0, $"{path}: {healthy.Error}");
        }
        var missing = await Scripts.RunAsync("bash", [Repository.PathOf("deploy/docker/healthcheck.sh"), "/not-mapped"], port);
        Assert.NotEqual(0, missing.ExitCode);
    }

    [Fact]
    public async Task Entrypoint_turns_each_secret_file_into_the_setting_it_is_named_after()
    {
        var directory = Messaging.Testing.TestDirectories.Create("deploy-entrypoint");
        var secrets = Path.Combine(directory, "secrets");
        Directory.CreateDirectory(secrets);
        await File.WriteAllTextAsync(Path.Combine(secrets, "ConnectionStrings__redis"), "redis:6379,password=from-the-file\n", TestContext.Current.CancellationToken);
        await File.WriteAllTextAsync(Path.Combine(secrets, "redis_auth.conf"), "not a setting", TestContext.Current.CancellationToken);
        // A stand-in for dotnet that shows what the service would get: its arguments, then its environment.
        var bin = Scripts.FakeProgram(Path.Combine(directory, "bin"), "dotnet", "echo \"args: $*\"; env");

        var run = await Scripts.RunAsync("sh", [Repository.PathOf("deploy/docker/entrypoint.sh"), "--extra"], new Dictionary<string, string>
        {
            ["PATH"] = Scripts.PathWith(bin),
            ["SECRETS_DIRECTORY"] = secrets,
            ["SERVICE_ASSEMBLY"] = "/app/Gateway.dll",
        });

        Assert.True(run.ExitCode == 0, run.Error);
        var lines = run.Output.Split('\n');
        Assert.Equal("args: /app/Gateway.dll --extra", lines[0]);
        Assert.Contains("ConnectionStrings__redis=redis:6379,password=from-the-file", lines);
        Assert.DoesNotContain(lines, line => line.StartsWith("redis_auth.conf", StringComparison.Ordinal));
        Assert.DoesNotContain("from-the-file", lines[0], StringComparison.Ordinal);
    }

    /// <summary>The project the build argument names, as the Dockerfile's publish line spells its path.</summary>
    static string ProjectOf(string? service) => $"src/{service}/{service}.csproj";

    [GeneratedRegex(@"RUN dotnet publish ""src/\$\{SERVICE\}/\$\{SERVICE\}\.csproj""")]
    private static partial Regex PublishLine();

    [GeneratedRegex(@"^FROM (?<image>\S+)", RegexOptions.Multiline)]
    private static partial Regex FromLine();

    [GeneratedRegex(@"^USER (?<user>\S+)", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    [GeneratedRegex(@"ASPNETCORE_HTTP_PORTS=(?<port>\d+)")]
    private static partial Regex HttpPortsSetting();

    [GeneratedRegex(@"^HEALTHCHECK .*CMD \[""healthcheck\.sh"", ""(?<path>[^""]+)""\]", RegexOptions.Multiline)]
    private static partial Regex HealthCheckLine();
}

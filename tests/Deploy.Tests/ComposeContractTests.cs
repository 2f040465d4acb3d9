using System.Text.RegularExpressions;
using Deploy.Tests.Infrastructure;

namespace Deploy.Tests;

/// <summary>deploy/compose/compose.yaml runs what the AppHost runs in production, configured as the AppHost configures it.</summary>
public sealed class ComposeContractTests(AppHostProduction apphost, GeneratedSecrets generated)
{
    /// <summary>The compose services that stand for the AppHost's own resources.</summary>
    static readonly Dictionary<string, string> Infrastructure = new(StringComparer.Ordinal)
    {
        ["redis"] = "redis",
        ["postgres"] = "postgres",
        ["messaging"] = "postgres",
    };

    static readonly string[] Jobs = ["postgres-roles", "postgres-grants"];

    readonly ComposeFile _compose = ComposeFile.Load();

    [Fact]
    public void Every_production_service_is_built_from_the_container_definition()
    {
        foreach (var service in apphost.Services)
        {
            var build = _compose.Service(service.Name).Child("build");
            Assert.Equal("../..", build.Child("context").Text());
            Assert.Equal("deploy/docker/Dockerfile", build.Child("dockerfile").Text());
        }
        var built = _compose.Services.Where(s => s.Value.Child("build") is not null).Select(s => s.Key).Order(StringComparer.Ordinal);
        Assert.Equal(apphost.Services.Select(s => s.Name).Order(StringComparer.Ordinal), built);
    }

    [Fact]
    public void Every_setting_the_AppHost_gives_a_service_is_set()
    {
        foreach (var service in apphost.Services)
        {
            var missing = AppHostProduction.RequiredSettings(service).Except(_compose.Settings(service.Name)).ToList();
            Assert.True(missing.Count == 0, $"compose service {service.Name} lacks {string.Join(", ", missing)}");
        }
    }

    [Fact]
    public void Services_run_in_production_under_their_own_names()
    {
        foreach (var service in apphost.Services)
        {
            var environment = _compose.Environment(service.Name);
            Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"]);
            Assert.Equal("Production", environment["DOTNET_ENVIRONMENT"]);
            Assert.Equal(service.Name, environment["ServiceAuth__Name"]);
            Assert.Equal(service.Name, environment["OTEL_SERVICE_NAME"]);
            Assert.StartsWith("http://dashboard:", environment["OTEL_EXPORTER_OTLP_ENDPOINT"], StringComparison.Ordinal);
        }
        Assert.Equal("mcr.microsoft.com/dotnet/aspire-dashboard", _compose.Service("dashboard").Child("image").Text()?.Split(':')[0]);
    }

    [Fact]
    public void Every_image_from_outside_the_repository_names_its_version()
    {
        foreach (var (service, _) in _compose.Services)
        {
            var image = _compose.Service(service).Child("image").Text();
            if (image is null || image.StartsWith("messaging/", StringComparison.Ordinal))
            {
                continue;
            }
            // A bare name (or :latest) pulls whatever is newest the day someone deploys.
            var tag = image.Contains(':', StringComparison.Ordinal) ? image[(image.LastIndexOf(':') + 1)..] : "";
            Assert.True(tag.Length > 0 && tag != "latest", $"compose service {service} runs {image} without a version");
        }
    }

    [Fact]
    public void Secret_settings_come_from_secret_files_the_generator_writes()
    {
        foreach (var service in apphost.Services)
        {
            var inline = _compose.Environment(service.Name).Keys.Where(SecretSettings.IsSecret).ToList();
            Assert.True(inline.Count == 0, $"compose service {service.Name} sets {string.Join(", ", inline)} in its environment instead of from a secret file");
        }
        foreach (var (service, _) in _compose.Services)
        {
            foreach (var (source, _) in _compose.SecretMounts(service))
            {
                Assert.True(_compose.Secrets.TryGetValue(source, out var file), $"{service} mounts the undeclared secret {source}");
                Assert.Equal($"./secrets/{source}", file);
                Assert.Contains(source, generated.Files);
            }
        }
    }

    [Fact]
    public void Only_the_gateway_publishes_a_port()
    {
        foreach (var (service, _) in _compose.Services.Where(s => s.Key is not "gateway" and not "dashboard"))
        {
            Assert.True(_compose.Ports(service).Count == 0, $"{service} publishes {string.Join(", ", _compose.Ports(service))}");
            Assert.Null(_compose.Service(service).Child("network_mode"));
        }
        Assert.Equal([$"${{GATEWAY_PORT:-{DeploymentPorts.Gateway}}}:{DeploymentPorts.Container}"], _compose.Ports("gateway"));
        // The dashboard is the operator's, on this host's loopback only.
        Assert.All(_compose.Ports("dashboard"), port => Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal));
    }

    [Fact]
    public void Services_start_after_what_the_AppHost_starts_them_after()
    {
        foreach (var service in apphost.Services)
        {
            var dependsOn = _compose.DependsOn(service.Name);
            foreach (var wait in service.WaitsFor)
            {
                var target = Infrastructure.GetValueOrDefault(wait, wait);
                Assert.True(dependsOn.TryGetValue(target, out var condition), $"{service.Name} waits for {wait} in the AppHost but does not depend on {target} in compose");
                Assert.Equal("service_healthy", condition);
            }
            foreach (var (dependency, condition) in dependsOn)
            {
                Assert.Equal(Jobs.Contains(dependency) ? "service_completed_successfully" : "service_healthy", condition);
            }
        }
    }

    [Fact]
    public void Service_discovery_names_each_service_on_its_container_port()
    {
        foreach (var service in apphost.Services)
        {
            foreach (var (name, value) in _compose.Environment(service.Name).Where(e => e.Key.StartsWith("services__", StringComparison.Ordinal)))
            {
                var target = name.Split("__")[1];
                Assert.True(_compose.Services.ContainsKey(target), $"{name} names no compose service");
                Assert.Equal($"http://{target}:{DeploymentPorts.Container}", value);
            }
        }
    }

    [Fact]
    public void Logins_come_from_the_roles_script_before_Admin_and_again_before_its_readers()
    {
        var roles = _compose.Service("postgres-roles");
        Assert.Contains("../postgres/roles.sql:/deploy/postgres/roles.sql:ro", roles.Child("volumes").Items().Select(v => v.Text()));
        Assert.Equal("/deploy/postgres/roles.sql", roles.Path("environment", "ROLES_SQL").Text());
        Assert.Equal("postgres-roles", _compose.Service("postgres-grants").Path("extends", "service").Text());
        Assert.Equal("service_healthy", _compose.DependsOn("postgres-grants")["admin"]);
        Assert.Equal("service_completed_successfully", _compose.DependsOn("admin")["postgres-roles"]);
        foreach (var reader in apphost.Services.Where(s => s.WaitsFor.Contains("admin")).Select(s => s.Name).Where(n => _compose.Settings(n).Contains("ConnectionStrings__messaging")))
        {
            Assert.Equal("service_completed_successfully", _compose.DependsOn(reader).GetValueOrDefault("postgres-grants"));
        }
        foreach (var service in apphost.Services.Where(s => _compose.Settings(s.Name).Contains("ConnectionStrings__messaging")))
        {
            var connection = _compose.SecretMounts(service.Name).Single(m => m.Target == "ConnectionStrings__messaging").Source;
            Assert.Equal($"messaging_connection_{service.Name}", connection);
            Assert.Contains($"Username=messaging_{service.Name};", generated.Read(connection), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Roles_script_is_where_the_deployment_files_read_it()
    {
        Assert.SkipUnless(File.Exists(Repository.PathOf("deploy/postgres/roles.sql")), "deploy/postgres/roles.sql is not in this tree yet");
        Assert.Contains("CREATE ROLE", Repository.Read("deploy/postgres/roles.sql"), StringComparison.Ordinal);
        foreach (var service in apphost.Services.Where(s => _compose.Settings(s.Name).Contains("ConnectionStrings__messaging")))
        {
            Assert.Contains($"'messaging_{service.Name}'", Repository.Read("deploy/postgres/roles.sql"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Ingest_spools_on_a_volume_the_image_prepares_for_its_user()
    {
        var spool = _compose.Environment("ingest")["Ingest__SpoolDirectory"];
        var volume = _compose.Service("ingest").Child("volumes").Items().Select(v => v.Text()!.Split(':')).Single(parts => parts[1] == spool);
        Assert.Contains(volume[0], _compose.Volumes);
        // A fresh named volume takes the owner of the image's folder at its mount point; without it, root's.
        Assert.Matches($@"RUN mkdir -p {Regex.Escape(spool)} && chown -R ""\$\{{APP_UID\}}"" ", Repository.Read("deploy/docker/Dockerfile"));
    }

    [Fact]
    public void Redis_keeps_an_append_only_file_and_reads_its_password_from_a_secret()
    {
        var config = Repository.Read("deploy/compose/redis.conf").Split('\n').Select(line => line.Trim()).ToList();
        Assert.Contains("appendonly yes", config);
        Assert.Contains("appendfsync everysec", config);
        Assert.Contains("include /run/secrets/redis_auth.conf", config);
        Assert.Contains("./redis.conf:/usr/local/etc/redis/redis.conf:ro", _compose.Service("redis").Child("volumes").Items().Select(v => v.Text()));
        Assert.Equal(["redis-server", "/usr/local/etc/redis/redis.conf"], _compose.Service("redis").Child("command").Items().Select(i => i.Text()));
        Assert.StartsWith("requirepass ", generated.Read("redis_auth.conf"), StringComparison.Ordinal);
        Assert.Equal($"redis:6379,password={generated.Read("redis_password").Trim()}", generated.Read("redis_connection").Trim());
    }
}

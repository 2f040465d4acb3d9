using Deploy.Tests.Infrastructure;
using Messaging.ServiceDefaults.Health;
using YamlDotNet.RepresentationModel;

namespace Deploy.Tests;

/// <summary>deploy/kubernetes runs what the AppHost runs in production, configured as the AppHost configures it.</summary>
public sealed class KubernetesContractTests(AppHostProduction apphost, GeneratedSecrets generated)
{
    /// <summary>What the design scales out by replicas.</summary>
    static readonly string[] Scalable = ["gateway", "ingest", "agent", "admin"];

    static readonly string[] Probes = ["livenessProbe", "readinessProbe", "startupProbe"];

    readonly KubernetesManifests _manifests = KubernetesManifests.Load();

    YamlMappingNode Workload(string service) => _manifests.Workload(service) ?? throw new Xunit.Sdk.XunitException($"deploy/kubernetes has no Deployment or StatefulSet '{service}'.");

    [Fact]
    public void Every_production_service_has_a_workload_and_a_Service_on_its_container_port()
    {
        foreach (var service in apphost.Services)
        {
            var container = KubernetesManifests.MainContainer(Workload(service.Name));
            Assert.Equal($"messaging/{service.Name}", container.Child("image").Text());
            var port = Assert.Single(container.Child("ports").Items());
            Assert.Equal(("http", DeploymentPorts.Container.ToString(System.Globalization.CultureInfo.InvariantCulture)), (port.Child("name").Text(), port.Child("containerPort").Text()));
            var kubernetesService = _manifests.OfKind("Service").Single(s => KubernetesManifests.Name(s) == service.Name);
            Assert.Equal(service.Name, kubernetesService.Path("spec", "selector", "app.kubernetes.io/name").Text());
            var servicePort = Assert.Single(kubernetesService.Path("spec", "ports").Items());
            Assert.Equal((DeploymentPorts.Container.ToString(System.Globalization.CultureInfo.InvariantCulture), "http"), (servicePort.Child("port").Text(), servicePort.Child("targetPort").Text()));
        }
        var workloads = _manifests.Objects.Where(o => o.Child("kind").Text() is "Deployment" or "StatefulSet").Select(KubernetesManifests.Name).Order(StringComparer.Ordinal);
        Assert.Equal(apphost.Services.Select(s => s.Name).Order(StringComparer.Ordinal), workloads);
    }

    [Fact]
    public void Every_setting_the_AppHost_gives_a_service_is_set()
    {
        foreach (var service in apphost.Services)
        {
            var environment = _manifests.Environment(KubernetesManifests.MainContainer(Workload(service.Name)));
            var missing = AppHostProduction.RequiredSettings(service).Except(environment.Keys).ToList();
            Assert.True(missing.Count == 0, $"{service.Name} lacks {string.Join(", ", missing)}");
            Assert.Equal("Production", environment["ASPNETCORE_ENVIRONMENT"].Text());
            Assert.Equal(service.Name, environment["ServiceAuth__Name"].Child("value").Text());
            Assert.Equal(service.Name, environment["OTEL_SERVICE_NAME"].Child("value").Text());
        }
    }

    [Fact]
    public async Task Secret_settings_come_from_Secrets_the_setup_script_creates()
    {
        Assert.Empty(_manifests.OfKind("Secret"));
        var created = await CreatedObjectsAsync();
        foreach (var service in apphost.Services)
        {
            foreach (var (name, entry) in _manifests.Environment(KubernetesManifests.MainContainer(Workload(service.Name))).Where(e => SecretSettings.IsSecret(e.Key)))
            {
                var reference = entry.Path("valueFrom", "secretKeyRef");
                Assert.True(reference is not null, $"{service.Name}: {name} is not taken from a Secret");
                var secret = reference.Child("name").Text()!;
                var key = reference.Child("key").Text()!;
                Assert.True(created.TryGetValue(("secret", secret), out var keys) && keys.ContainsKey(key), $"{service.Name}: {name} reads {secret}/{key}, which create-from-files.sh does not create");
                // The service's own login and credential come from its own Secret, not another service's.
                if (name is "ConnectionStrings__messaging" or "ServiceAuth__Credential")
                {
                    Assert.Equal($"messaging-{service.Name}", secret);
                }
            }
        }
        foreach (var ((kind, _), keys) in created.Where(c => c.Key.Kind == "secret"))
        {
            Assert.All(keys.Values.Where(file => file is not null), file => Assert.Contains(Path.GetFileName(file!), generated.Files));
        }
    }

    [Fact]
    public void Probes_are_liveness_on_alive_and_readiness_on_health()
    {
        foreach (var service in apphost.Services)
        {
            var container = KubernetesManifests.MainContainer(Workload(service.Name));
            Assert.Equal(HealthExtensions.AlivePath, container.Path("livenessProbe", "httpGet", "path").Text());
            Assert.Equal(HealthExtensions.HealthPath, container.Path("readinessProbe", "httpGet", "path").Text());
            Assert.Equal(HealthExtensions.AlivePath, container.Path("startupProbe", "httpGet", "path").Text());
            Assert.All(Probes, probe => Assert.Equal("http", container.Path(probe, "httpGet", "port").Text()));
        }
    }

    [Fact]
    public void Every_pod_runs_unprivileged_on_a_read_only_root()
    {
        foreach (var workload in _manifests.Objects.Where(o => o.Child("kind").Text() is "Deployment" or "StatefulSet" or "Job"))
        {
            var name = KubernetesManifests.Name(workload);
            Assert.True(KubernetesManifests.PodSpec(workload).Path("securityContext", "runAsNonRoot").Text() == "true", $"{name}: runAsNonRoot");
            Assert.Equal("false", KubernetesManifests.PodSpec(workload).Child("automountServiceAccountToken").Text());
            foreach (var container in KubernetesManifests.Containers(workload).Concat(KubernetesManifests.InitContainers(workload)))
            {
                var label = $"{name}/{container.Child("name").Text()}";
                Assert.True(container.Path("securityContext", "readOnlyRootFilesystem").Text() == "true", $"{label}: readOnlyRootFilesystem");
                Assert.True(container.Path("securityContext", "allowPrivilegeEscalation").Text() == "false", $"{label}: allowPrivilegeEscalation");
                Assert.Equal(["ALL"], container.Path("securityContext", "capabilities", "drop").Items().Select(i => i.Text()));
            }
        }
    }

    [Fact]
    public void Scale_out_is_by_replicas_and_each_Ingest_replica_keeps_its_own_spool()
    {
        foreach (var service in Scalable)
        {
            Assert.True(int.Parse(Workload(service).Path("spec", "replicas").Text()!, System.Globalization.CultureInfo.InvariantCulture) >= 2, $"{service} runs a single replica");
        }
        var ingest = Workload("ingest");
        Assert.Equal("StatefulSet", ingest.Child("kind").Text());
        var spool = _manifests.Environment(KubernetesManifests.MainContainer(ingest))["Ingest__SpoolDirectory"].Child("value").Text();
        var claim = Assert.Single(ingest.Path("spec", "volumeClaimTemplates").Items()).Path("metadata", "name").Text();
        Assert.Contains(KubernetesManifests.MainContainer(ingest).Child("volumeMounts").Items(), mount => mount.Child("name").Text() == claim && mount.Child("mountPath").Text() == spool);
    }

    [Fact]
    public void Only_the_gateway_is_reachable_from_outside()
    {
        var ingress = Assert.Single(_manifests.OfKind("Ingress"));
        var backends = ingress.Path("spec", "rules").Items().SelectMany(rule => rule.Path("http", "paths").Items()).Select(path => path.Path("backend", "service", "name").Text()).Distinct();
        Assert.Equal(["gateway"], backends);
        Assert.All(_manifests.OfKind("Service"), service => Assert.Contains(service.Path("spec", "type").Text(), new string?[] { null, "ClusterIP" }));
        Assert.All(_manifests.Objects.Where(o => o.Child("kind").Text() is "Deployment" or "StatefulSet"),
            workload => Assert.All(KubernetesManifests.Containers(workload), c => Assert.All(c.Child("ports").Items(), port => Assert.Null(port.Child("hostPort")))));
    }

    [Fact]
    public void Services_start_after_the_services_the_AppHost_starts_them_after()
    {
        var services = apphost.Services.Select(s => s.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var service in apphost.Services)
        {
            var waits = KubernetesManifests.InitContainers(Workload(service.Name)).Select(c => c.Child("name").Text()).ToList();
            Assert.Equal(service.WaitsFor.Where(services.Contains).Select(w => $"wait-for-{w}").Order(StringComparer.Ordinal), waits.Order(StringComparer.Ordinal));
            foreach (var wait in KubernetesManifests.InitContainers(Workload(service.Name)))
            {
                var target = wait.Child("name").Text()!["wait-for-".Length..];
                Assert.Contains($"/dev/tcp/{target}/{DeploymentPorts.Container}", wait.Child("command").Items().Last().Text(), StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void Service_discovery_names_each_Service_on_its_port()
    {
        var services = _manifests.OfKind("Service").Select(KubernetesManifests.Name).ToHashSet(StringComparer.Ordinal);
        var discovery = _manifests.ConfigMapData("messaging-config").Where(e => e.Key.StartsWith("services__", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(discovery);
        foreach (var (name, value) in discovery)
        {
            var target = name.Split("__")[1];
            Assert.Contains(target, services);
            Assert.Equal($"http://{target}:{DeploymentPorts.Container}", value);
        }
        Assert.DoesNotContain(_manifests.ConfigMapData("messaging-config").Keys, SecretSettings.IsSecret);
    }

    [Fact]
    public async Task Roles_job_runs_the_roles_script_from_the_ConfigMap_the_setup_script_creates()
    {
        var job = _manifests.OfKind("Job").Single(j => KubernetesManifests.Name(j) == "messaging-roles");
        var scripts = KubernetesManifests.PodSpec(job).Child("volumes").Items().Single(v => v.Child("name").Text() == "scripts");
        var configMap = scripts.Path("configMap", "name").Text()!;
        var created = await CreatedObjectsAsync();
        Assert.True(created.TryGetValue(("configmap", configMap), out var files), $"create-from-files.sh does not create the ConfigMap {configMap}");
        Assert.Equal(Repository.PathOf("deploy/postgres/roles.sql"), files["roles.sql"]);
        Assert.Equal(Repository.PathOf("deploy/compose/apply-roles.sh"), files["apply-roles.sh"]);
        var steps = KubernetesManifests.InitContainers(job).Concat(KubernetesManifests.Containers(job)).ToList();
        Assert.Equal(["roles", "grants"], steps.Select(s => s.Child("name").Text()));
        Assert.All(steps, step => Assert.Contains(step.Child("env").Items(), e => e.Child("name").Text() == "ROLES_SQL" && e.Child("value").Text() == "/deploy/roles.sql"));
        Assert.Contains("/dev/tcp/admin/", steps[1].Child("command").Items().Last().Text(), StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs create-from-files.sh against a stand-in kubectl that records what it is asked to create:
    /// each object by kind and name, with its keys and the files they are read from (null for literals).
    /// </summary>
    async Task<Dictionary<(string Kind, string Name), Dictionary<string, string?>>> CreatedObjectsAsync()
    {
        var directory = Messaging.Testing.TestDirectories.Create("deploy-kubectl");
        var log = Path.Combine(directory, "kubectl.log");
        var bin = Scripts.FakeProgram(Path.Combine(directory, "bin"), "kubectl",
            $"case \"$*\" in *' create '*) printf '%s\\n' \"$*\" >> '{log}' ;; *'apply -f -'*) cat > /dev/null ;; esac");
        var run = await Scripts.RunAsync("bash", [Repository.PathOf("deploy/kubernetes/create-from-files.sh"), generated.Directory], new Dictionary<string, string>
        {
            ["PATH"] = Scripts.PathWith(bin),
            ["POSTGRES_HOST"] = "db.example.com",
        });
        Assert.True(run.ExitCode == 0, run.Error);
        var created = new Dictionary<(string, string), Dictionary<string, string?>>();
        foreach (var line in await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken))
        {
            var words = line.Split(' ');
            var create = Array.IndexOf(words, "create");
            var kind = words[create + 1];
            var name = kind == "secret" ? words[create + 3] : words[create + 2];
            var keys = new Dictionary<string, string?>(StringComparer.Ordinal);
            foreach (var word in words.Where(w => w.StartsWith("--from-", StringComparison.Ordinal)))
            {
                var (option, value) = (word[..word.IndexOf('=', StringComparison.Ordinal)], word[(word.IndexOf('=', StringComparison.Ordinal) + 1)..]);
                var key = value[..value.IndexOf('=', StringComparison.Ordinal)];
                keys[key] = option == "--from-file" ? value[(key.Length + 1)..] : null;
            }
            created[(kind, name)] = keys;
        }
        return created;
    }
}

using Agent.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(AgentHost))]

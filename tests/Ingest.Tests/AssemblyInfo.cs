using Ingest.Tests.Infrastructure;

[assembly: AssemblyFixture(typeof(IngestHost))]

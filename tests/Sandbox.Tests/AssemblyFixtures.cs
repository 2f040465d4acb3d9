using Messaging.Testing;

[assembly: AssemblyFixture(typeof(PostgresFixture))]

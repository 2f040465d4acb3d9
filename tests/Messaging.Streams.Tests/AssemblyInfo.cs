using Messaging.Testing;

[assembly: AssemblyFixture(typeof(RedisFixture))]

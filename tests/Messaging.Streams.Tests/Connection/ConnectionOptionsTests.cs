using Messaging.Streams.Connection;
using Messaging.Streams.Resp;

namespace Messaging.Streams.Tests.Connection;

public sealed class ConnectionOptionsTests
{
    [Fact]
    public void Every_documented_option_is_read()
    {
        var options = RedisConnectionOptions.Parse("cache.local:6380,password=s3cr=t,user=app,ssl=true,sslHost=redis.example,connectTimeout=1500,syncTimeout=2500,protocol=2,database=3,name=ingest,abortConnect=false");

        Assert.Equal([new RedisEndPoint("cache.local", 6380)], options.EndPoints);
        Assert.Equal("s3cr=t", options.Password);
        Assert.Equal("app", options.User);
        Assert.True(options.Ssl);
        Assert.Equal("redis.example", options.SslHost);
        Assert.Equal(TimeSpan.FromMilliseconds(1500), options.ConnectTimeout);
        Assert.Equal(TimeSpan.FromMilliseconds(2500), options.CommandTimeout);
        Assert.Equal(RespProtocol.Resp2, options.Protocol);
        Assert.Equal(3, options.Database);
        Assert.Equal("ingest", options.ClientName);
    }

    [Fact]
    public void Host_without_port_gets_the_default_port_and_ipv6_is_bracketed()
    {
        Assert.Equal(RedisEndPoint.DefaultPort, RedisConnectionOptions.Parse("redis").EndPoints[0].Port);
        Assert.Equal(new RedisEndPoint("::1", 7000), RedisConnectionOptions.Parse("[::1]:7000").EndPoints[0]);
    }

    [Theory]
    [InlineData("password=x")]
    [InlineData("host:1,bogus=1")]
    [InlineData("host:99999")]
    [InlineData("host:1,protocol=4")]
    [InlineData("host:1,syncTimeout=-5")]
    public void Bad_strings_fail_with_a_clear_message(string connectionString) =>
        Assert.Throws<FormatException>(() => RedisConnectionOptions.Parse(connectionString));
}

using System.Text.Json;

namespace Sandbox.Tests.Infrastructure;

public static class HttpAssertions
{
    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts a Graph error body and returns its "error" object.</summary>
    public static async Task<JsonElement> GraphErrorAsync(this HttpResponseMessage response, int httpStatus, int code)
    {
        Assert.Equal(httpStatus, (int)response.StatusCode);
        var error = (await response.JsonAsync()).GetProperty("error");
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("type").GetString()));
        Assert.False(string.IsNullOrEmpty(error.GetProperty("fbtrace_id").GetString()));
        return error;
    }

    /// <summary>Asserts a Twilio REST error body.</summary>
    public static async Task<JsonElement> TwilioErrorAsync(this HttpResponseMessage response, int httpStatus, int code)
    {
        Assert.Equal(httpStatus, (int)response.StatusCode);
        var error = await response.JsonAsync();
        Assert.Equal(code, error.GetProperty("code").GetInt32());
        Assert.Equal(httpStatus, error.GetProperty("status").GetInt32());
        Assert.Equal($"https://www.twilio.com/docs/errors/{code}", error.GetProperty("more_info").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
        return error;
    }
}

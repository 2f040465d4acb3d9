using System.Text.Json;

namespace Agent.Ai.Generation;

/// <summary>A tool's result as JSON text, the way the model reads it (camelCase properties).</summary>
public static class ToolResultJson
{
    public static string Serialize(object? result) => result switch
    {
        null => "null",
        string text => text,
        JsonElement json => json.GetRawText(),
        _ => JsonSerializer.Serialize(result, result.GetType(), JsonSerializerOptions.Web),
    };

    /// <summary>The result as a JSON element; text that is not JSON becomes a JSON string.</summary>
    public static JsonElement ToElement(object? result)
    {
        var text = Serialize(result);
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}

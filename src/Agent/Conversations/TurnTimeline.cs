using System.Text.Json;
using Npgsql;

namespace Agent.Conversations;

/// <summary>Appends steps to a turn's timeline (Admin shows them per inbound message).</summary>
public sealed class TurnTimeline(NpgsqlDataSource dataSource, TimeProvider time)
{
    public async Task AddAsync(string turnId, string kind, string? detail = null, object? data = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(
            "INSERT INTO agent.turn_events (turn_id, at, kind, detail, data) VALUES (@turn, @at, @kind, @detail, @data::jsonb)");
        command.Parameters.AddWithValue("turn", turnId);
        command.Parameters.AddWithValue("at", time.GetUtcNow());
        command.Parameters.AddWithValue("kind", kind);
        command.Parameters.AddWithValue("detail", (object?)detail ?? DBNull.Value);
        command.Parameters.AddWithValue("data", data is null ? DBNull.Value : JsonSerializer.Serialize(data, JsonSerializerOptions.Web));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

using System.Text.Json;
using Npgsql;

namespace Agent.Conversations;

/// <summary>Appends steps to a turn's timeline (Admin shows them per inbound message).</summary>
public sealed class TurnTimeline(NpgsqlDataSource dataSource, TimeProvider time)
{
    const string Insert = "INSERT INTO agent.turn_events (turn_id, at, kind, detail, data) VALUES (@turn, @at, @kind, @detail, @data::jsonb)";

    public async Task AddAsync(string turnId, string kind, string? detail = null, object? data = null, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand(Insert);
        Bind(command.Parameters, turnId, kind, detail, data);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Writes a step made by <see cref="Entry"/> on its own.</summary>
    public async Task WriteAsync(NpgsqlBatchCommand entry, CancellationToken cancellationToken = default)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(entry);
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The same step as a command of a batch, for a caller that writes it in the round trip of its own change.</summary>
    public NpgsqlBatchCommand Entry(string turnId, string kind, string? detail = null, object? data = null)
    {
        var command = new NpgsqlBatchCommand(Insert);
        Bind(command.Parameters, turnId, kind, detail, data);
        return command;
    }

    void Bind(NpgsqlParameterCollection parameters, string turnId, string kind, string? detail, object? data)
    {
        parameters.AddWithValue("turn", turnId);
        parameters.AddWithValue("at", time.GetUtcNow());
        parameters.AddWithValue("kind", kind);
        parameters.AddWithValue("detail", (object?)detail ?? DBNull.Value);
        parameters.AddWithValue("data", data is null ? DBNull.Value : JsonSerializer.Serialize(data, JsonSerializerOptions.Web));
    }
}

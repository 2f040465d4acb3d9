using Npgsql;

namespace Sandbox.Storage;

/// <summary>Statements for <see cref="OrderedWrites"/> and <see cref="SandboxDb.ExecuteAsync"/>.</summary>
public static class BatchCommands
{
    /// <summary>A statement with named parameters; a null value is SQL NULL, an <see cref="NpgsqlParameter"/> value gives its own type.</summary>
    public static NpgsqlBatchCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (name, value) in parameters)
        {
            if (value is NpgsqlParameter typed)
            {
                typed.ParameterName = name;
                command.Parameters.Add(typed);
            }
            else
            {
                command.Parameters.Add(new NpgsqlParameter(name, value ?? DBNull.Value));
            }
        }
        return command;
    }
}

using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Sandbox.Storage;

/// <summary>Runs one unit of work on a pooled <see cref="SandboxDbContext"/> for the singleton stores.</summary>
public sealed class SandboxDb(IServiceScopeFactory scopes)
{
    public async Task<T> RunAsync<T>(Func<SandboxDbContext, Task<T>> work)
    {
        await using var scope = scopes.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<SandboxDbContext>());
    }

    public Task RunAsync(Func<SandboxDbContext, Task> work) => RunAsync(async db =>
    {
        await work(db);
        return true;
    });

    /// <summary>Inserts one row.</summary>
    public Task AddAsync<TRow>(TRow row) where TRow : class => RunAsync(async db =>
    {
        db.Add(row);
        await db.SaveChangesAsync();
    });

    /// <summary>Runs the statements in order in one round trip; a batch is one implicit transaction, so either all of them are stored or none.</summary>
    public Task ExecuteAsync(IReadOnlyList<NpgsqlBatchCommand> commands) => RunAsync(async db =>
    {
        await db.Database.OpenConnectionAsync();
        await using var batch = new NpgsqlBatch((NpgsqlConnection)db.Database.GetDbConnection());
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync();
    });
}

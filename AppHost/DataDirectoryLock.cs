namespace Messaging.AppHost;

/// <summary>
/// A running AppHost owns its data folder: a second one on the same folder would start a second
/// Redis on the same append-only file and a second PostgreSQL on the same cluster. The lock is
/// the kernel's, so it goes with the process however it ends.
/// </summary>
internal sealed class DataDirectoryLock : IDisposable
{
    readonly FileStream _file;

    DataDirectoryLock(FileStream file) => _file = file;

    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(dataDirectory, "apphost.lock");
        try
        {
            // FileShare.None takes an exclusive flock on Unix.
            return new DataDirectoryLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException)
        {
            throw new InvalidSettingException($"Another Messaging AppHost is running on {dataDirectory}. Stop it first, or give this one --data-dir of its own.");
        }
    }

    public void Dispose() => _file.Dispose();
}

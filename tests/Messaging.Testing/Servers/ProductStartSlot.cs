namespace Messaging.Testing.Servers;

/// <summary>
/// A turn to start a whole product, shared by every test process of the machine. A start keeps
/// the cores busy for half a minute (PostgreSQL's initdb, six services, the demo seed); five
/// starting side by side on two cores each took minutes, long enough for a start to be judged
/// hung. Taken turns start one per core, the rest wait here before their own timeout begins.
/// The locks are the kernel's, so a slot is given back however its holder ends.
/// </summary>
public sealed class ProductStartSlot : IDisposable
{
    static readonly string Directory = Path.Combine(Path.GetTempPath(), "messaging-tests", "start-slots");
    static readonly int Slots = Math.Max(2, Environment.ProcessorCount);

    readonly FileStream _lock;

    ProductStartSlot(FileStream @lock) => _lock = @lock;

    public static async Task<ProductStartSlot> AcquireAsync(CancellationToken ct)
    {
        System.IO.Directory.CreateDirectory(Directory);
        while (true)
        {
            for (var slot = 0; slot < Slots; slot++)
            {
                try
                {
                    // FileShare.None takes an exclusive flock on Unix.
                    return new ProductStartSlot(new FileStream(Path.Combine(Directory, $"slot-{slot}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                }
                catch (IOException)
                {
                    // Taken: the next one.
                }
            }
            await Task.Delay(TimeSpan.FromMilliseconds(250), ct);
        }
    }

    public void Dispose() => _lock.Dispose();
}

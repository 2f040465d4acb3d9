namespace StreamsBench;

/// <summary>Everything one run measured, for the results file.</summary>
internal sealed record BenchRun(
    int Events,
    int Concurrency,
    BusFigures Current,
    BusFigures? Previous,
    RedisBenchmarkResult Append,
    RedisBenchmarkResult Read,
    RedisBenchmarkResult RoundTrip,
    string Environment);

namespace StreamsBench;

/// <summary>One row of the comparison: a command at a concurrency and pipeline depth.</summary>
internal sealed record BenchCase(string Command, int Requests, int Clients, int Pipeline)
{
    public string Mode => Pipeline == 1 ? "sequential" : $"pipelined x{Pipeline}";
}

internal sealed record BenchResult(BenchCase Case, string RedisBenchmarkCommand, double RedisBenchmarkOps, double ClientOps)
{
    public double Ratio => ClientOps / RedisBenchmarkOps;
}

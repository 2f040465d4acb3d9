namespace StreamsBench;

/// <summary>What one bus build measured: throughputs in events per second, pick-up latency in milliseconds.</summary>
public sealed record BusFigures(double PublishPerSecond, double ConsumePerSecond, double PickUpP50Ms, double PickUpP99Ms, int PickUpSamples);

using LoadBench;

namespace FuzzBench;

/// <summary>
/// The run's requests in order, drawn from the seed: valid signed webhooks (LoadBench's, each
/// from a new customer, Meta and Twilio in turn) mixed with hostile ones in the given share.
/// Valid customers are the valid webhooks' indexes 0 .. <see cref="ValidIndexes"/> - 1
/// (deliveries with good siblings take Meta ones), so their 24-hour windows can be opened first.
/// </summary>
public sealed class FuzzPlan
{
    FuzzPlan(IReadOnlyList<FuzzCase> cases, int validIndexes)
    {
        Cases = cases;
        ValidIndexes = validIndexes;
    }

    public IReadOnlyList<FuzzCase> Cases { get; }

    public int ValidIndexes { get; }

    public static FuzzPlan Create(Webhooks valid, int count, double hostileShare, int seed)
    {
        var random = new Random(seed);
        var ids = new HostileIds(random);
        var nextIndex = 0;
        int NextMeta()
        {
            if (Webhooks.IsTwilio(nextIndex))
            {
                nextIndex++;
            }
            return nextIndex++;
        }
        var kinds = new MetaHostility(valid, random, ids, NextMeta).Kinds.Concat(new TwilioHostility(valid, random, ids).Kinds).ToList();
        var totalWeight = kinds.Sum(k => k.Weight);
        var cases = new List<FuzzCase>(count);
        for (var i = 0; i < count; i++)
        {
            if (random.NextDouble() >= hostileShare)
            {
                cases.Add(ValidCase(valid, nextIndex++));
                continue;
            }
            var pick = random.Next(totalWeight);
            var kind = kinds.First(k => (pick -= k.Weight) < 0);
            cases.Add(kind.Create());
        }
        return new FuzzPlan(cases, nextIndex);
    }

    /// <summary>Only the valid requests of <see cref="Create"/>'s mix, the baseline's load.</summary>
    public static FuzzPlan ValidOnly(Webhooks valid, int count) => new([.. Enumerable.Range(0, count).Select(i => ValidCase(valid, i))], count);

    static FuzzCase ValidCase(Webhooks valid, int index) =>
        new(Webhooks.IsTwilio(index) ? "valid: twilio" : "valid: meta", false, () => valid.Create(index), Statuses.Ok)
        {
            Answered = [valid.Customer(index)],
            Accepted = [Webhooks.IsTwilio(index) ? valid.TwilioSid(index) : valid.MetaMessageId(index)],
        };
}

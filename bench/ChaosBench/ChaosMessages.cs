using LoadBench;

namespace ChaosBench;

/// <summary>
/// What the customers ask: two messages of three the canned hours rule answers (free), the third
/// goes to the default rule, answered by the AI (the offline responder without an AI endpoint),
/// which costs a credit. Meta and Twilio alternate, so both kinds come through both providers.
/// </summary>
public static class ChaosMessages
{
    public const string AiQuestion = "do you have vegan options?";

    public static readonly object AiDefaultRule = new { type = "ai", prompt = "Answer from the café's knowledge in one or two sentences." };

    public static bool CostsACredit(int index) => index % 3 == 2;

    public static string Question(int index) => CostsACredit(index) ? AiQuestion : Webhooks.Question;
}

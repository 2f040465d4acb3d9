using System.ComponentModel.DataAnnotations;
using Agent.Tests.Infrastructure;
using Messaging.Tenancy.Model;

namespace Agent.Tests.Turns;

public sealed class TurnConcurrencyTests(AgentHost host)
{
    static ReplyRule AiDefault => new("default", "Default", null, new AiResponse("Answer questions about the café."));

    /// <summary>The test host allows 64 at once; the scheduler used to stop at 16 whatever the machine.</summary>
    [Fact]
    public async Task More_conversations_than_the_former_fixed_sixteen_run_their_turns_at_once()
    {
        const int Conversations = 24;
        var workspace = FakeTenancy.Workspace([], AiDefault);
        var hold = host.Billing.Hold(workspace.Id);
        var scenarios = Enumerable.Range(0, Conversations).Select(_ => Scenario.Create(host, workspace)).ToList();
        try
        {
            foreach (var scenario in scenarios)
            {
                await scenario.SendAsync("Do you have vegan options?");
            }

            // Each AI turn waits on its credit reservation, under its conversation's lock.
            await Eventually.ReturnsAsync(() => hold.Waiting, waiting => waiting == Conversations, $"{Conversations} turns waiting on Billing at once");
        }
        finally
        {
            hold.Release();
        }
        await Eventually.ReturnsAsync(() => host.Provider.Sends(scenarios[0].PhoneNumberId).Count, sends => sends == Conversations, $"{Conversations} replies");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1025)]
    public void A_concurrency_outside_1_to_1024_is_refused_at_start(int maxConcurrentTurns)
    {
        var options = new AgentOptions { MaxConcurrentTurns = maxConcurrentTurns };
        var errors = new List<ValidationResult>();

        Assert.False(Validator.TryValidateObject(options, new ValidationContext(options), errors, validateAllProperties: true));
        Assert.Contains(errors, error => error.MemberNames.Contains(nameof(AgentOptions.MaxConcurrentTurns)));
    }
}

using Agent.Rules;
using Messaging.Tenancy.Model;
using Messaging.Tenancy.Reading;
using Messaging.Contracts.Operators;
using Messaging.Tenancy.Members;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Agent.Operators;

/// <summary>
/// <c>POST /api/agent/rules/try</c>: which rule of a channel's saved configuration would answer a
/// message, and what every rule made of it (scores for semantic rules), evaluated exactly as a
/// turn does, without sending anything or spending a credit.
/// </summary>
public static class RuleTrialApi
{
    const int MaxText = 4096;

    public static WebApplication MapRuleTrialApi(this WebApplication app)
    {
        // It reveals the channel's rules: for members of the channel's workspace only.
        app.MapPost(OperatorsApi.BasePath + "/rules/try", TryAsync).WithTags("Operators").RequireOperator(ChannelWorkspaceAsync);
        return app;
    }

    static async Task<string?> ChannelWorkspaceAsync(EndpointFilterInvocationContext context) =>
        context.Arguments.OfType<RuleTrialRequest>().FirstOrDefault()?.ChannelId is { Length: > 0 } channelId
            ? (await context.HttpContext.RequestServices.GetRequiredService<ITenancyReader>().GetChannelAsync(channelId, context.HttpContext.RequestAborted))?.WorkspaceId
            : null;

    static async Task<Results<Ok<RuleTrialView>, NotFound, ValidationProblem>> TryAsync(
        RuleTrialRequest? request, ITenancyReader tenancy, ReplyRuleEvaluator evaluator, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request?.ChannelId) || request.Text is null || request.Text.Length > MaxText)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["text"] = [$"channelId is required and text must be at most {MaxText} characters."] });
        }
        if (await tenancy.GetReplyConfigurationAsync(request.ChannelId, cancellationToken) is not { } configuration)
        {
            return TypedResults.NotFound();
        }
        var trial = await evaluator.TryAsync(configuration, request.Text, stopAtMatch: false, cancellationToken);
        var match = trial.Match.Rule;
        return TypedResults.Ok(new RuleTrialView(match.Id, match.Label, trial.Match.IsDefault, match.Response is AiResponse ? "ai" : "canned",
            trial.Steps.Select(s => new RuleTrialStepView(s.Rule.Id, s.Rule.Label, s.Rule.Matcher is SemanticMatcher ? "semantic" : "keyword", s.Matched, s.Similarity,
                (s.Rule.Matcher as SemanticMatcher)?.Threshold, s.Note)).ToList()));
    }
}

using Billing.Data;
using Billing.Ledger;
using Billing.Workspaces;
using Messaging.ServiceDefaults.Authentication;
using Messaging.Tenancy.Members;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Billing.Api;

/// <summary>A workspace's credits for Admin: balance, grants, adjustments, ledger, low-credit threshold.</summary>
public static partial class CreditsApi
{
    public const int DefaultPageSize = 50;

    public static RouteGroupBuilder MapCreditsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/credits/workspaces/{workspaceId}").WithTags("Credits");
        // Its members read a workspace's credits; Admin names the operator.
        group.MapGet("/", GetBalanceAsync).RequireOperator(OperatorEndpointExtensions.RouteWorkspace);
        // Changes to a workspace's credits are an owner's, named by Admin; the AppHost's demo seed grants on its own.
        group.MapPost("/grants", GrantAsync).RequireOperator(OperatorEndpointExtensions.RouteWorkspace, OperatorRequirement.Owner, ServiceCredential.AppHostCaller);
        group.MapPost("/adjustments", AdjustAsync).RequireOperator(OperatorEndpointExtensions.RouteWorkspace, OperatorRequirement.Owner);
        group.MapGet("/ledger", GetLedgerAsync).RequireOperator(OperatorEndpointExtensions.RouteWorkspace);
        group.MapPut("/low-threshold", SetLowThresholdAsync).RequireOperator(OperatorEndpointExtensions.RouteWorkspace, OperatorRequirement.Owner);
        return group;
    }

    static async Task<Results<Ok<BalanceView>, ValidationProblem>> GetBalanceAsync(string workspaceId, LedgerQueries queries, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        errors.Id("workspaceId", workspaceId);
        return errors.Any
            ? TypedResults.ValidationProblem(errors.ToDictionary())
            : TypedResults.Ok(await queries.GetBalanceAsync(workspaceId, cancellationToken));
    }

    static async Task<Results<Created<CreditChangeResponse>, Ok<CreditChangeResponse>, ValidationProblem, ProblemHttpResult>> GrantAsync(
        string workspaceId, GrantRequest request, CreditLedger ledger, TenancyWorkspaces workspaces, IOptions<BillingOptions> options,
        ILogger<CreditLedger> logger, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        errors.Id("workspaceId", workspaceId);
        errors.Text("grantedBy", request.GrantedBy);
        errors.Text("reason", request.Reason);
        errors.Id("idempotencyKey", request.IdempotencyKey);
        var max = options.Value.MaxCreditsPerChange;
        if (request.Credits is not { } credits || credits < 1 || credits > max)
        {
            errors.Add("credits", $"credits must be between 1 and {max}; a larger grant is almost certainly a typing mistake (the limit is Billing:MaxCreditsPerChange).");
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        switch (await workspaces.FindAsync(workspaceId, cancellationToken))
        {
            case WorkspaceExistence.Missing:
                LogGrantToMissingWorkspace(logger, workspaceId);
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Workspace not found",
                    detail: $"There is no workspace {workspaceId}; nothing was granted.");
            case WorkspaceExistence.Unknown:
                return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Workspace cannot be checked",
                    detail: "Admin, which knows the workspaces, did not answer; nothing was granted. Try again.");
        }
        var result = await ledger.GrantAsync(workspaceId, request.Credits!.Value, request.GrantedBy!, request.Reason!, request.IdempotencyKey!, cancellationToken);
        return ToResponse(workspaceId, result);
    }

    static async Task<Results<Created<CreditChangeResponse>, Ok<CreditChangeResponse>, ValidationProblem, ProblemHttpResult>> AdjustAsync(
        string workspaceId, AdjustmentRequest request, CreditLedger ledger, IOptions<BillingOptions> options, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        errors.Id("workspaceId", workspaceId);
        errors.Text("adjustedBy", request.AdjustedBy);
        errors.Text("reason", request.Reason);
        errors.Id("idempotencyKey", request.IdempotencyKey);
        var max = options.Value.MaxCreditsPerChange;
        if (request.Credits is not { } credits || credits == 0 || Math.Abs(credits) > max)
        {
            errors.Add("credits", $"credits must be a non-zero number between -{max} and {max} (the limit is Billing:MaxCreditsPerChange).");
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var result = await ledger.AdjustAsync(workspaceId, request.Credits!.Value, request.AdjustedBy!, request.Reason!, request.IdempotencyKey!, cancellationToken);
        return ToResponse(workspaceId, result);
    }

    static async Task<Results<Ok<LedgerPageResponse>, ValidationProblem>> GetLedgerAsync(
        string workspaceId, long? before, int? limit, LedgerQueries queries, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        errors.Id("workspaceId", workspaceId);
        if (before is < 1)
        {
            errors.Add("before", "before must be an entry id (1 or more), as returned in nextBefore.");
        }
        var pageSize = limit ?? DefaultPageSize;
        if (pageSize < 1 || pageSize > LedgerQueries.MaxPageSize)
        {
            errors.Add("limit", $"limit must be between 1 and {LedgerQueries.MaxPageSize}.");
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        var page = await queries.GetPageAsync(workspaceId, before, pageSize, cancellationToken);
        return TypedResults.Ok(new LedgerPageResponse([.. page.Entries.Select(LedgerEntryView.From)], page.NextBefore));
    }

    static async Task<Results<Ok<BalanceView>, ValidationProblem>> SetLowThresholdAsync(
        string workspaceId, LowThresholdRequest request, CreditLedger ledger, IOptions<BillingOptions> options, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        errors.Id("workspaceId", workspaceId);
        var max = options.Value.MaxCreditsPerChange;
        if (request.Threshold is < 0 || request.Threshold > max)
        {
            errors.Add("threshold", $"threshold must be between 0 and {max}, or null for the default.");
        }
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }
        return TypedResults.Ok(await ledger.SetLowThresholdAsync(workspaceId, request.Threshold, cancellationToken));
    }

    static Results<Created<CreditChangeResponse>, Ok<CreditChangeResponse>, ValidationProblem, ProblemHttpResult> ToResponse(string workspaceId, CreditChangeResult result) =>
        result switch
        {
            { Outcome: CreditChangeOutcome.Applied, Entry: { } entry } =>
                TypedResults.Created($"/api/credits/workspaces/{workspaceId}/ledger", View(entry, result.Available, replayed: false)),
            { Outcome: CreditChangeOutcome.Replayed, Entry: { } entry } => TypedResults.Ok(View(entry, result.Available, replayed: true)),
            { Outcome: CreditChangeOutcome.KeyReused } => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Idempotency key already used",
                detail: "This idempotency key was already used for a different change in this workspace; nothing was changed. Use a new key for a new change."),
            _ => TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "Not enough credits",
                detail: $"Only {result.Available} credits are available (reserved credits cannot be adjusted away); nothing was changed."),
        };

    static CreditChangeResponse View(LedgerEntry entry, long available, bool replayed) =>
        new(entry.Id, entry.Kind, entry.AvailableDelta, entry.AvailableAfter, available, replayed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a grant to workspace {WorkspaceId}, which does not exist")]
    static partial void LogGrantToMissingWorkspace(ILogger logger, string workspaceId);
}

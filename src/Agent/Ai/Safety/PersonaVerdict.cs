using Messaging.Tenancy.Model;

namespace Agent.Ai.Safety;

/// <summary>The persona classifier's decision (approved or rejected), why, and who decided ("heuristics" or "model").</summary>
public sealed record PersonaVerdict(PersonaSafety Safety, string Reason, string DecidedBy)
{
    public bool IsApproved => Safety == PersonaSafety.Approved;
}

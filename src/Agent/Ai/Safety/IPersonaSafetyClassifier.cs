using Messaging.Tenancy.Model;

namespace Agent.Ai.Safety;

/// <summary>Decides whether a workspace persona is safe to answer customers with.</summary>
public interface IPersonaSafetyClassifier
{
    /// <summary>
    /// Approves ordinary business personas and rejects ones that ask for harmful behaviour.
    /// With an AI provider in <paramref name="ai"/> (or the deployment's) the model is asked
    /// as well; without one, or when it fails, the heuristics decide.
    /// </summary>
    Task<PersonaVerdict> ClassifyAsync(string personaPrompt, AiSettings ai, CancellationToken cancellationToken);
}

namespace Agent.Ai.Generation;

/// <summary>Writes an AI reply with the workspace's model and tools.</summary>
public interface IReplyGenerator
{
    /// <summary>
    /// Runs the tool loop and returns the reply. Throws <see cref="ReplyGenerationException"/>
    /// when no reply can be written (release the credit), and OperationCanceledException only
    /// when <paramref name="cancellationToken"/> is cancelled.
    /// </summary>
    Task<GenerationResult> GenerateAsync(GenerationRequest request, CancellationToken cancellationToken);
}

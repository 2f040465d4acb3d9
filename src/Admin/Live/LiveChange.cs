namespace Admin.Live;

/// <summary>Something happened in a workspace that an open console page may want to show: the stream it came from tells what.</summary>
public sealed record LiveChange(string WorkspaceId, string Stream, string EntryId);

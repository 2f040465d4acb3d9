namespace Messaging.Hosting.Orchestration;

public enum ResourceState
{
    NotStarted,
    Starting,
    Running,
    Crashed,
    Restarting,
    Stopping,
    Stopped,
    Failed,
}

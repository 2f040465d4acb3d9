namespace Agent.Ai.Safety;

/// <summary>Checks a customer message for attempts to steer the model before an AI reply is generated.</summary>
public interface IPromptInjectionScanner
{
    InjectionVerdict Scan(string message);
}

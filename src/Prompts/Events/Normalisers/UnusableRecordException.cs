namespace Llama3Siem.Prompts.Events.Normalisers;

/// <summary>
/// A normaliser recognised the record but must refuse it outright (hostile XML), rather than let a later
/// normaliser accept it as something it is not. The reason never repeats content.
/// </summary>
internal sealed class UnusableRecordException(string reason) : Exception(reason)
{
    public string Reason { get; } = reason;
}

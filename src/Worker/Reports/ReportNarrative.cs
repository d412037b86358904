namespace Llama3Siem.Worker.Reports;

/// <summary>
/// A report's executive narrative and how it was made. <see cref="NumbersChecked"/> counts the numbers found
/// in the model's text and <see cref="NumbersUnsupported"/> those that are none of the report's figures;
/// one unsupported number is enough to reject the model's text for the deterministic one.
/// </summary>
internal sealed record ReportNarrative(string Text, string Status, int NumbersChecked = 0, int NumbersUnsupported = 0);

internal static class ReportNarrativeStatus
{
    /// <summary>The model wrote it and every number in it is one of the report's figures.</summary>
    public const string Generated = "generated";

    /// <summary>The model's text held a number that is not a figure of the report: the deterministic text stands.</summary>
    public const string RejectedNumbers = "rejected_numbers";

    /// <summary>No model (or it failed, or said nothing): the deterministic text.</summary>
    public const string NotGenerated = "not_generated";
}

namespace Llama3Siem.Worker.Configuration;

/// <summary>Detection content. Section <c>Detection</c>.</summary>
public sealed class DetectionOptions
{
    public const string SectionName = "Detection";

    /// <summary>
    /// The operator's Sigma rules: folders (read recursively, <c>*.yml</c> and <c>*.yaml</c>) or single files
    /// (<c>Detection:SigmaPaths:0</c>, <c>:1</c>, ...). Each must exist. Empty by default.
    /// </summary>
    public List<string> SigmaPaths { get; set; } = [];
}

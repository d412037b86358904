namespace Llama3Siem.Prompts.Knowledge;

/// <summary>A NIST SP 800-53 rev5 control, with its id in canonical form (<c>AC-2</c>, <c>AC-2(4)</c>).</summary>
public sealed record NistControl(string Id, string Family, string Title);

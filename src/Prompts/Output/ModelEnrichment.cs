namespace Llama3Siem.Prompts.Output;

/// <summary>
/// What the model returned for one incident, parsed from its JSON output. Nothing here is trusted until
/// verification has checked it against the events and the catalogs.
/// </summary>
public sealed record ModelEnrichment(
    string Summary,
    string Severity,
    IReadOnlyList<ModelIoc> Iocs,
    IReadOnlyList<ModelTechnique> Techniques,
    IReadOnlyList<ModelMitigation> Mitigations,
    double Confidence);

/// <summary>An IOC the model claims, with the prompt's event references (<c>e1</c>, <c>e2</c>, ...) it cites.</summary>
public sealed record ModelIoc(string Type, string Value, IReadOnlyList<string> Events);

/// <summary>A technique the model proposes, with the prompt's event references that show it.</summary>
public sealed record ModelTechnique(string Id, IReadOnlyList<string> Events);

/// <summary>A control id the model proposes with its rationale.</summary>
public sealed record ModelMitigation(string Id, string Rationale);

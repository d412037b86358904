namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>One row of the CTID mapping: a control (capability) and the ATT&amp;CK object it mitigates.</summary>
internal sealed record CtidMappingObject
{
    public string? CapabilityId { get; init; }

    public string? CapabilityGroup { get; init; }

    public string? CapabilityDescription { get; init; }

    public string? MappingType { get; init; }

    public string? AttackObjectId { get; init; }

    public string? Status { get; init; }
}

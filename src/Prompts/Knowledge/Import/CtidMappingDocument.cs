namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>The fields this project reads from a CTID Mappings Explorer JSON file; everything else is skipped.</summary>
internal sealed record CtidMappingDocument
{
    public CtidMetadata? Metadata { get; init; }

    public IReadOnlyList<CtidMappingObject?>? MappingObjects { get; init; }
}

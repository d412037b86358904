namespace Llama3Siem.Prompts.Knowledge.Import;

internal sealed record CtidMetadata
{
    /// <summary>The ATT&amp;CK release the mapping was made against (<c>16.1</c>).</summary>
    public string? AttackVersion { get; init; }

    /// <summary>The control catalogue's revision (<c>rev5</c>).</summary>
    public string? MappingFrameworkVersion { get; init; }

    public string? LastUpdate { get; init; }
}

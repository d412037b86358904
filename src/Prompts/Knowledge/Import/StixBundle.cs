namespace Llama3Siem.Prompts.Knowledge.Import;

/// <summary>A STIX 2.x bundle (<c>{"type":"bundle","objects":[...]}</c>) as ATT&amp;CK publishes it.</summary>
internal sealed record StixBundle
{
    public string? Type { get; init; }

    public IReadOnlyList<StixObject?>? Objects { get; init; }
}

namespace Llama3Siem.Prompts.Events;

/// <summary>Size limits that protect the parser from records built to exhaust memory.</summary>
public sealed record EventParserLimits
{
    /// <summary>Default largest field: 1 MiB.</summary>
    public const int DefaultMaxFieldBytes = 1_048_576;

    /// <summary>Default largest record: 16 MiB.</summary>
    public const int DefaultMaxRecordBytes = 16_777_216;

    public static EventParserLimits Default { get; } = new();

    /// <summary>
    /// Largest string, number or field name in a record, in UTF-8 bytes after JSON unescaping.
    /// A record with a larger one is rejected whole. Default 1 MiB.
    /// </summary>
    public int MaxFieldBytes { get; init; } = DefaultMaxFieldBytes;

    /// <summary>Largest record, in bytes as received. Default 16 MiB.</summary>
    public int MaxRecordBytes { get; init; } = DefaultMaxRecordBytes;
}

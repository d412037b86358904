namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>How a field's values are read: as text (the default), or as a regex, network, number, presence or field name.</summary>
internal enum SigmaValueKind
{
    Text,
    Regex,
    Cidr,
    Number,
    Exists,
    FieldReference,
}

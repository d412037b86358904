using YamlDotNet.RepresentationModel;

namespace Llama3Siem.Prompts.Detection.Sigma;

/// <summary>What a Sigma document says about itself, detection and correlation rules alike: who wrote it, what it is for.</summary>
public sealed record SigmaRuleMetadata
{
    /// <summary>The rule's <c>id</c>; its title where it has none, so that every match names its rule.</summary>
    public required string Id { get; init; }

    public required string Title { get; init; }

    /// <summary>The Sigma 2 <c>name</c>: a readable handle that correlation rules may refer to instead of the id.</summary>
    public string? Name { get; init; }

    public string? Status { get; init; }
    public string? Level { get; init; }
    public string? Description { get; init; }
    public string? Author { get; init; }
    public IReadOnlyList<string> Tags { get; init; } = [];
    public IReadOnlyList<string> FalsePositives { get; init; } = [];
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>The file the rule came from, when it came from one.</summary>
    public string? Source { get; init; }

    internal static SigmaRuleMetadata Read(YamlMappingNode root, string? source)
    {
        var title = SigmaRuleParser.Scalar(root, "title") ?? (source is null ? "untitled" : Path.GetFileNameWithoutExtension(source));
        return new SigmaRuleMetadata
        {
            Id = SigmaRuleParser.Scalar(root, "id") ?? title,
            Title = title,
            Name = SigmaRuleParser.Scalar(root, "name"),
            Status = SigmaRuleParser.Scalar(root, "status"),
            Level = SigmaRuleParser.Scalar(root, "level"),
            Description = SigmaRuleParser.Scalar(root, "description"),
            Author = SigmaRuleParser.Scalar(root, "author"),
            Tags = SigmaRuleParser.Strings(root, "tags"),
            FalsePositives = SigmaRuleParser.Strings(root, "falsepositives"),
            References = SigmaRuleParser.Strings(root, "references"),
            Source = source,
        };
    }
}

using System.Diagnostics;
using Llama3Siem.TestModels;

namespace Llama3Siem.Worker.Tests.Inference;

public sealed class TestModelFactoryTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("llama3siem-factory-").FullName;

    [Fact]
    public void The_same_seed_writes_the_same_bytes_and_another_seed_different_weights()
    {
        var watch = Stopwatch.StartNew();
        var first = File.ReadAllBytes(TestModelFactory.WriteTiny(Path.Combine(_directory, "a.gguf"), seed: 3));
        output.WriteLine($"tiny model: {first.Length / 1024} KiB in {watch.ElapsedMilliseconds} ms");
        var again = File.ReadAllBytes(TestModelFactory.WriteTiny(Path.Combine(_directory, "b.gguf"), seed: 3));
        var other = File.ReadAllBytes(TestModelFactory.WriteTiny(Path.Combine(_directory, "c.gguf"), seed: 4));

        Assert.Equal(first, again);
        Assert.Equal(first.Length, other.Length);
        Assert.NotEqual(first, other);
        Assert.Equal("GGUF"u8.ToArray(), first[..4]);
    }

    [Fact]
    public void Vocabulary_holds_the_bytes_unique_tokens_and_the_llama_3_control_tokens()
    {
        var vocabulary = TestVocabulary.Build();

        Assert.Equal(vocabulary.Count, vocabulary.Tokens.Distinct(StringComparer.Ordinal).Count());
        Assert.Equal("Ġ", vocabulary.Tokens[' ']);
        Assert.Equal("Ċ", vocabulary.Tokens['\n']);
        Assert.Equal("A", vocabulary.Tokens['A']);
        foreach (var special in new[] { TestVocabulary.BeginOfText, TestVocabulary.EndOfText, TestVocabulary.StartHeader, TestVocabulary.EndHeader, TestVocabulary.EndOfTurn })
        {
            Assert.Equal(TestVocabulary.ControlTokenType, vocabulary.TokenTypes[vocabulary.IdOf(special)]);
        }

        Assert.All(vocabulary.Merges, merge => Assert.Contains(merge.Replace(" ", "", StringComparison.Ordinal), vocabulary.Tokens));
    }

    [Fact]
    public void Vocabulary_pads_with_reserved_control_tokens_to_a_requested_size()
    {
        var vocabulary = TestVocabulary.Build(minimumSize: 5000);

        Assert.Equal(5000, vocabulary.Count);
        Assert.Equal(TestVocabulary.ControlTokenType, vocabulary.TokenTypes[^1]);
        Assert.StartsWith("<|reserved_special_token_", vocabulary.Tokens[^1], StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

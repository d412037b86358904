using Llama3Siem.Worker.Inference;
using Microsoft.Extensions.Logging.Abstractions;

namespace Llama3Siem.Worker.Tests.Inference;

public sealed class LlamaModelLoaderTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void An_empty_model_path_is_reported_by_its_configuration_key(string? path)
    {
        var failure = Assert.Throws<InvalidOperationException>(() =>
            LlamaModelLoader.Load(new LlamaOptions { ModelPath = path }, NullLoggerFactory.Instance));

        Assert.Contains("Llama:ModelPath", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_model_file_is_reported_by_its_configuration_key()
    {
        var path = Path.Combine(Path.GetTempPath(), $"llama3siem-missing-{Guid.NewGuid():N}.gguf");

        var failure = Assert.Throws<FileNotFoundException>(() =>
            LlamaModelLoader.Load(new LlamaOptions { ModelPath = path }, NullLoggerFactory.Instance));

        Assert.Contains("Llama:ModelPath", failure.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { (byte)'G', (byte)'G' })]
    [InlineData(new byte[] { (byte)'{', (byte)'"', (byte)'a', (byte)'"', (byte)':', (byte)'1', (byte)'}' })]
    public void A_file_that_is_not_gguf_is_refused_before_native_code_sees_it(byte[] content)
    {
        var path = Path.Combine(Path.GetTempPath(), $"llama3siem-notgguf-{Guid.NewGuid():N}.gguf");
        File.WriteAllBytes(path, content);
        try
        {
            var failure = Assert.Throws<InvalidDataException>(() =>
                LlamaModelLoader.Load(new LlamaOptions { ModelPath = path }, NullLoggerFactory.Instance));

            Assert.Contains("Llama:ModelPath", failure.Message, StringComparison.Ordinal);
            Assert.Contains("not a GGUF", failure.Message, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(path);
        }
    }
}

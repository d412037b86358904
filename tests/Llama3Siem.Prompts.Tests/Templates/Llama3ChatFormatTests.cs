using Llama3Siem.Prompts.Templates;

namespace Llama3Siem.Prompts.Tests.Templates;

public sealed class Llama3ChatFormatTests
{
    [Fact]
    public void Messages_render_in_Metas_Llama_3_format_and_open_the_assistant_turn()
    {
        var prompt = Llama3ChatFormat.Render([("system", "Be brief."), ("user", "Hi")]);

        Assert.Equal(
            "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nBe brief.<|eot_id|>"
            + "<|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|>"
            + "<|start_header_id|>assistant<|end_header_id|>\n\n",
            prompt);
    }
}

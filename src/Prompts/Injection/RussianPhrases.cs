namespace Llama3Siem.Prompts.Injection;

/// <summary>Russian orders to the model: overriding earlier instructions, notes to the AI, verdict and IOC orders.</summary>
internal static class RussianPhrases
{
    private const string Addressee =
        @"(?:ии|ии-(?:аналитик\w*|ассистент\w*|модел\w*|систем\w*)|искусственн\w+\s+интеллект\w*|нейросет\w*|языков\w+\s+модел\w*|автоматическ\w+\s+аналитик\w*|бот\w*-аналитик\w*|ассистент\w*\s+(?:ии|soc|безопасности))";

    public static IEnumerable<PhraseRule> Rules(PatternFactory patterns)
    {
        yield return new(InjectionKinds.InstructionOverride, patterns.Create(
            @"(?<!\w)(?:игнорируй|игнорируйте|проигнорируй|проигнорируйте|забудь|забудьте|отбрось|отбросьте|не\s+обращай(?:те)?\s+внимани[яе]\s+на|не\s+следуй(?:те)?)\s+(?:все\s+|всем\s+|свои\s+|твои\s+)?(?:предыдущи[емх]|прежни[емх]|вышеуказанны[емх]|вышеприведённы[емх]|вышеприведенны[емх]|прошлы[емх]|исходны[емх]|системны[емх]|данны[емх]\s+ранее)\s+(?:инструкци\w*|правил\w*|указани\w*|команд\w*|установк\w*|распоряжени\w*)"),
            SpanExtent.SentenceToLineEnd);
        yield return new(InjectionKinds.InstructionOverride, patterns.Create(
            @"(?<!\w)(?:игнорируй|проигнорируй|забудь|забудьте)\s+(?:все\s+)?(?:инструкци\w*|правил\w*|указани\w*)\s+(?:выше|ранее|до\s+этого)"),
            SpanExtent.SentenceToLineEnd);
        yield return new(InjectionKinds.ModelDirective, patterns.Create(
            $@"(?<!\w)(?:примечание|заметка|сообщение|указание|внимание|инструкция|обращение)\s+(?:для|к)\s+{Addressee}\s*[:,.\-]"),
            SpanExtent.Line);
        yield return new(InjectionKinds.ModelDirective, patterns.Create(
            $@"(?<!\w)(?:уважаем\w+|дорог\w+|привет,?)\s+{Addressee}(?!\w)"),
            SpanExtent.Line);
        yield return new(InjectionKinds.ModelDirective, patterns.Create(
            @"(?<!\w)(?:укажи|укажите|внеси|внесите|перечисли|отметь|отметьте|назови|запиши)\s+(?:[^\s!?;]+\s+){0,6}?(?:как|в\s+качестве)\s+(?:c2|с2|командн\w+\s+сервер\w*|сервер\w*\s+управлени\w*|атакующ\w+|источник\w*\s+атаки)"),
            SpanExtent.Sentence);
        yield return new(InjectionKinds.ModelDirective, patterns.Create(
            @"(?<!\w)в\s+(?:своём|своем|твоём|твоем|вашем)\s+(?:отч[её]те|резюме|анализе|ответе|заключении)\b[^.!?\n]{0,80}(?<!\w)(?:укажи|укажите|напиши|напишите|сообщи|сообщите|отметь|отметьте)(?!\w)"),
            SpanExtent.Sentence);
        yield return new(InjectionKinds.VerdictManipulation, patterns.Create(
            @"(?<!\w)(?:пометь|пометьте|отметь|отметьте|классифицируй|классифицируйте|считай|считайте|квалифицируй)\s+(?:[^\s!?;]+\s+){0,5}?(?:как\s+)?(?:ложн\w+\s+срабатывани\w*|ложноположительн\w*|безопасн\w*|легитимн\w*|безвредн\w*|разрешённ\w*|разрешенн\w*|санкционированн\w*)"),
            SpanExtent.Sentence);
        yield return new(InjectionKinds.VerdictManipulation, patterns.Create(
            @"(?<!\w)(?:не\s+эскалируй(?:те)?|не\s+создавай(?:те)?\s+инцидент\w*|не\s+поднимай(?:те)?\s+тревогу)(?!\w)"),
            SpanExtent.Sentence);
    }
}

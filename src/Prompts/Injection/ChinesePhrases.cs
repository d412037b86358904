namespace Llama3Siem.Prompts.Injection;

/// <summary>
/// Chinese orders to the model: overriding earlier instructions, notes to the AI, verdict and IOC orders.
/// Chinese has no word spaces, so these match on fixed verb-object sequences rather than word bounds.
/// </summary>
internal static class ChinesePhrases
{
    private const string Addressee = @"(?:ai|人工智能|ai\s?助手|ai\s?分析师|智能助手|智能分析师|语言模型|大模型|机器人|自动化?分析(?:系统|员|师))";

    public static Phrasebook Book { get; } = new()
    {
        // Every pattern holds a mandatory ideograph (U+4E00 to U+9FFF, which has no case to match another character).
        Needs = new(TextFeatures.Cjk),
        Overrides =
        [
            @"(?:忽略|无视|忘记|忘掉|不要理会|不要理睬|不要遵守|放弃|抛开)(?:掉)?(?:你)?(?:之前|以前|先前|前面|上面|以上|上述|此前|原有|原来|原先|系统)(?:的)?(?:所有|全部|一切)?(?:的)?(?:指令|指示|规则|说明|提示词?|要求|命令|设定|约束)",
            @"(?:忽略|无视|忘记|忘掉)(?:所有|全部|一切)(?:的)?(?:指令|指示|规则|说明|提示词?|要求|命令)",
        ],
        Headers =
        [
            $@"(?:致|给|写给|提醒|注意|通知)\s*{Addressee}\s*[:：,，]",
            $@"(?:请|要求)\s*{Addressee}\s*(?:将|把|在|不要|务必|必须)",
        ],
        Directives =
        [
            @"(?:将|把)\s*\S{0,60}?\s*(?:列为|标记为|报告为|视为|认定为|写成)\s*(?:c2|命令服务器|控制服务器|指挥控制服务器|攻击者|攻击来源)",
            @"在(?:你的)?(?:总结|摘要|报告|分析|回答|结论)中(?:写|说明|指出|注明|列出|声明|表示)",
        ],
        VerdictOrders =
        [
            @"(?:将|把)?(?:此|这个|该|本|这条)?(?:事件|告警|警报|活动|事故|条目|日志)?(?:标记|标注|归类|分类|定为|视为|列为|判定|处理)为\s*(?:误报|良性|正常|无害|安全|已授权|合法|信息级|低危)",
            @"(?:不要|无需|不必|不用)(?:上报|升级|告警|报告|标记|创建事件|通知)",
        ],
    };
}

namespace CartStorage.Testing;

/// <summary>
/// What a merge left: the target's contents and version, and whether the source still exists. Two merges of equal
/// carts are "the same" when their outcomes are equal (ids and timestamps differ by nature and are left out).
/// </summary>
public sealed record MergeOutcome(long Version, string Items, string Conditions, string Metadata, bool SourceExists)
{
    public static async Task<MergeOutcome> ReadAsync(ICartStorage storage, string source, string target, string instance = "default")
    {
        var cart = await storage.GetAsync(target, instance) ?? CartSnapshot.Empty;
        return new MergeOutcome(
            cart.Version,
            string.Join(", ", cart.Items.Select(i => $"{i.Id} '{i.Name}' {i.Price} x{i.Quantity}")),
            string.Join(", ", cart.Conditions.Select(c => $"{c.Name}={c.Value}")),
            string.Join(", ", cart.Metadata.OrderBy(m => m.Key, StringComparer.Ordinal).Select(m => $"{m.Key}={m.Value.GetRawText()}")),
            await storage.GetAsync(source, instance) is not null || (await storage.GetInstancesAsync(source)).Count > 0);
    }

    /// <summary>Seeds a guest and a user cart that overlap in item "a", a condition and a metadata key.</summary>
    public static async Task SeedAsync(ICartStorage storage, string guest, string user, string instance = "default")
    {
        await storage.PutBothAsync(guest, instance, [CartData.Item("a", 2), CartData.Item("b", 1)], [CartData.Condition("ship", "+5.00")]);
        await storage.PutMetadataAsync(guest, instance, "coupon", CartData.Json("\"GUEST\""));
        await storage.PutBothAsync(user, instance, [CartData.Item("a", 3) with { Name = "User A" }, CartData.Item("c", 4)], [CartData.Condition("ship", "+7.00")]);
        await storage.PutMetadataAsync(user, instance, "coupon", CartData.Json("\"USER\""));
    }
}

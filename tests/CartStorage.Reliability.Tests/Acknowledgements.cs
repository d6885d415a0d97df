using System.Collections.Concurrent;

namespace CartStorage.Reliability.Tests;

/// <summary>
/// What a writer under faults saw: the operations the storage acknowledged and the ones that failed with an exception.
/// The rule checked afterwards: every acknowledged write is in the store; a failed one may or may not be.
/// </summary>
internal sealed class Acknowledgements
{
    private readonly ConcurrentBag<(string Identifier, string Item)> acknowledged = [];
    private readonly ConcurrentBag<Exception> failures = [];
    private int acknowledgedCount;

    public int Count => Volatile.Read(ref acknowledgedCount);

    public IReadOnlyCollection<Exception> Failures => failures;

    public IEnumerable<IGrouping<string, string>> ByCart => acknowledged.GroupBy(a => a.Identifier, a => a.Item);

    /// <summary>Runs one write that adds <paramref name="item"/> to <paramref name="identifier"/>'s cart, and records how it ended.</summary>
    public async Task<bool> TryAddAsync(ICartStorage storage, string identifier, string item)
    {
        try
        {
            await storage.UpdateAsync(identifier, "default", cart => cart with { Items = [.. cart.Items, new CartItem { Id = item, Name = item, Price = 1m }] });
            acknowledged.Add((identifier, item));
            Interlocked.Increment(ref acknowledgedCount);
            return true;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            failures.Add(e);
            return false;
        }
    }

    /// <summary>The acknowledged items missing from the store, as "identifier/item".</summary>
    public async Task<IReadOnlyList<string>> MissingAsync(ICartStorage storage)
    {
        var missing = new List<string>();
        foreach (var cart in ByCart)
        {
            var stored = (await storage.GetItemsAsync(cart.Key, "default")).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
            missing.AddRange(cart.Where(item => !stored.Contains(item)).Select(item => $"{cart.Key}/{item}"));
        }

        return missing;
    }
}

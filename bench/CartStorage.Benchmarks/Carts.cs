using System.Globalization;
using System.Text.Json;
using CartStorage;
using StackExchange.Redis;

namespace CartStorage.Benchmarks;

/// <summary>Benchmark carts and the helpers every benchmark shares.</summary>
internal static class Carts
{
    public const string Instance = "default";

    public static string Redis => Environment.GetEnvironmentVariable("CART_BENCH_REDIS") is { Length: > 0 } redis
        ? redis
        : throw new InvalidOperationException("CART_BENCH_REDIS is not set: run the benchmarks with 'bash scripts/bench.sh micro', which starts Redis.");

    public static string Postgres => Environment.GetEnvironmentVariable("CART_BENCH_POSTGRES") is { Length: > 0 } postgres
        ? postgres
        : throw new InvalidOperationException("CART_BENCH_POSTGRES is not set: run the benchmarks with 'bash scripts/bench.sh micro', which starts PostgreSQL.");

    /// <summary>A connection allowed to send <c>INFO</c> (an admin command to StackExchange.Redis): the sizing reports read the server's counters.</summary>
    public static Task<ConnectionMultiplexer> ConnectRedisAdminAsync()
    {
        var options = ConfigurationOptions.Parse(Redis);
        options.AllowAdmin = true;
        return ConnectionMultiplexer.ConnectAsync(options);
    }

    /// <summary>A cart of <paramref name="count"/> realistic items (name, price, an attribute, a condition on every tenth).</summary>
    public static CartSnapshot Snapshot(int count)
    {
        var color = JsonDocument.Parse("\"blue\"").RootElement.Clone();
        return CartSnapshot.Empty with
        {
            Items = [.. Enumerable.Range(0, count).Select(i => new CartItem
            {
                Id = "sku-" + i.ToString(CultureInfo.InvariantCulture),
                Name = "Product number " + i.ToString(CultureInfo.InvariantCulture),
                Price = 9.99m + i,
                Quantity = 1 + (i % 3),
                Attributes = new Dictionary<string, JsonElement> { ["color"] = color },
                Conditions = i % 10 == 0 ? [new CartCondition { Name = "Sale", Type = "sale", Target = "item", Value = "-10%" }] : [],
            })],
            Conditions = [new CartCondition { Name = "VAT", Type = "tax", Target = "subtotal", Value = "+20%" }],
        };
    }

    /// <summary>The item the delta benchmarks add: one more of the first item of <see cref="Snapshot"/>.</summary>
    public static CartItem OneMoreFirst { get; } = new() { Id = "sku-0", Name = "Product number 0", Price = 9.99m, Quantity = 1 };

    /// <summary>The default options with <c>MaxItemQuantity</c> lifted, so that repeated deltas never reach it.</summary>
    public static CartStorageOptions UnlimitedQuantities()
    {
        var options = new CartStorageOptions();
        options.Limits.MaxItemQuantity = int.MaxValue;
        return options;
    }

    /// <summary>The mutation every update benchmark applies: one more of the first item.</summary>
    public static CartSnapshot IncrementFirst(CartSnapshot cart) =>
        cart with { Items = [cart.Items[0] with { Quantity = cart.Items[0].Quantity % 1000 + 1 }, .. cart.Items.Skip(1)] };
}

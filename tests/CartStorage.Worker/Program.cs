// CartStorage.Worker: one OS process of a multi-process concurrency test.
//
//   CartStorage.Worker increment --identifier ID [--instance default] [--item sku] [--count N]
//       N times: UpdateAsync adding 1 to the item's quantity; prints "ack <i>" after each acknowledged write.
//   CartStorage.Worker add --identifier ID [--item prefix] [--count N]
//       N times: UpdateAsync adding the distinct item "<prefix>-<i>"; prints "ack <i>".
//   CartStorage.Worker hold --identifier ID [--hold-ms N] [--until-file PATH]
//       One UpdateAsync whose mutation prints "holding" and then sleeps N ms, or until PATH exists (while the lock is
//       held), before incrementing.
//   CartStorage.Worker bench --identifier ID [--item sku] [--count N] [--duration-ms D] [--start-file PATH]
//       For bench/CartStorage.LoadHarness: one warm-up update of a cart of its own, prints "ready", waits until PATH exists,
//       then increments like "increment" N times, or until D ms have passed. Per operation it prints
//       "<outcome> <i> <ms> <mutate calls>": outcome ack, or conflict / timeout for CartConflictException /
//       CartLockTimeoutException (and goes on); calls above 1 are version conflicts retried. Then "elapsed <ms>".
//   CartStorage.Worker quantity --identifier ID [--item sku]
//       Prints "quantity <n>": the stored quantity of the item (0 when absent).
//   CartStorage.Worker merge --identifier TO --from FROM [--strategy AddQuantities] [--crash-before-write K]
//       MergeIdentifierAsync(FROM, TO); prints "merged <version>" (0: neither cart existed). With --crash-before-write K
//       (cache driver only), the process exits with code 42 right before the cache's K-th write, holding its locks.
//
//   CartStorage.Worker chaos --identifier chaos --seed S --scope X --client C --operations N --journal PATH --start-file PATH
//       One client of the history checker's multi-process variant: prints "ready", waits until the start file exists, then
//       runs client C's plan of the workload (seed S, identifiers scoped by X), writing each invocation and each outcome to
//       the journal before and after the call (tests/CartStorage.Reliability.Tests/Chaos/ChaosJournal.cs).
//
// Cart__Redis__Configuration=<endpoint> registers the RedLock lock provider (CartStorage.Redis); WORKER_LOCK_LEASE_MS sets its lease.
//
// The backend comes from configuration: environment variables in the Cart__* form (Cart__Driver, Cart__Cache__UseLocking,
// Cart__Redis__Configuration, Cart__Database__ConnectionString, ...) and the library's CART_* overrides.
// WORKER_REDIS_CACHE=<endpoint> makes IDistributedCache a RedisCache on that endpoint.
// Exit codes: 0 done, 1 an operation failed (message on stderr), 2 bad usage.
using CartStorage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var command = args.FirstOrDefault();
var options = ParseOptions(args.Skip(1).ToArray());
if (command is not ("increment" or "add" or "hold" or "bench" or "quantity" or "merge" or "chaos") || !options.TryGetValue("identifier", out var identifier))
{
    await Console.Error.WriteLineAsync("usage: CartStorage.Worker increment|add|hold|bench|quantity|merge --identifier ID [--instance I] [--item ID] [--count N] [--hold-ms N] [--until-file PATH] [--duration-ms N] [--start-file PATH] [--from ID] [--strategy S] [--crash-before-write K]");
    return 2;
}

var instance = options.GetValueOrDefault("instance", "default");
var item = options.GetValueOrDefault("item", "sku");
var count = int.Parse(options.GetValueOrDefault("count", "1"), System.Globalization.CultureInfo.InvariantCulture);
var holdMs = int.Parse(options.GetValueOrDefault("hold-ms", "0"), System.Globalization.CultureInfo.InvariantCulture);
var untilFile = options.GetValueOrDefault("until-file");

var configuration = new ConfigurationBuilder().AddEnvironmentVariables().Build();
var services = new ServiceCollection().AddLogging();
if (configuration["WORKER_REDIS_CACHE"] is { Length: > 0 } redisCache)
{
    services.AddStackExchangeRedisCache(o => o.Configuration = redisCache);
}

if (options.TryGetValue("crash-before-write", out var crashBefore))
{
    // Registered after the Redis cache of WORKER_REDIS_CACHE, so it wins; it wraps one.
    services.AddSingleton<Microsoft.Extensions.Caching.Distributed.IDistributedCache>(sp => new CrashingCache(
        new Microsoft.Extensions.Caching.StackExchangeRedis.RedisCache(sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Caching.StackExchangeRedis.RedisCacheOptions>>()),
        int.Parse(crashBefore, System.Globalization.CultureInfo.InvariantCulture)));
}

var cart = services.AddCartStorage(configuration.GetSection(CartStorageOptions.SectionName));
WorkerBackends.Register(cart, configuration);

await using var provider = services.BuildServiceProvider();
var storage = provider.GetRequiredService<ICartStorage>();

try
{
    switch (command)
    {
        case "increment":
            for (var i = 1; i <= count; i++)
            {
                await storage.UpdateAsync(identifier, instance, c => WorkerCart.Increment(c, item));
                Console.WriteLine($"ack {i}");
            }

            break;
        case "add":
            for (var i = 1; i <= count; i++)
            {
                var id = $"{item}-{i}";
                await storage.UpdateAsync(identifier, instance, c => c with { Items = [.. c.Items, new CartItem { Id = id, Name = id, Price = 1m }] });
                Console.WriteLine($"ack {i}");
            }

            break;
        case "hold":
            await storage.UpdateAsync(identifier, instance, c =>
            {
                Console.WriteLine("holding");
                Thread.Sleep(holdMs);
                while (untilFile is not null && !File.Exists(untilFile))
                {
                    Thread.Sleep(10);
                }

                return WorkerCart.Increment(c, item);
            });
            Console.WriteLine("ack 1");
            break;
        case "bench":
            await WorkerBench.RunAsync(storage, identifier, instance, item, count, options);
            break;
        case "merge":
            var merged = await storage.MergeIdentifierAsync(options["from"], identifier, instance, Enum.Parse<CartMergeStrategy>(options.GetValueOrDefault("strategy", "AddQuantities")));
            Console.WriteLine($"merged {merged?.Version ?? 0}");
            break;
        case "chaos":
            await WorkerChaos.RunAsync(storage, options);
            break;
        case "quantity":
            var stored = await storage.GetItemsAsync(identifier, instance);
            Console.WriteLine($"quantity {stored.Where(i => i.Id == item).Sum(i => i.Quantity)}");
            break;
    }
}
catch (Exception e)
{
    await Console.Error.WriteLineAsync($"{e.GetType().FullName}: {e.Message}");
    return 1;
}

Console.WriteLine("done");
return 0;

static Dictionary<string, string> ParseOptions(string[] args)
{
    var result = new Dictionary<string, string>(StringComparer.Ordinal);
    for (var i = 0; i + 1 < args.Length; i += 2)
    {
        result[args[i].TrimStart('-')] = args[i + 1];
    }

    return result;
}

internal static class WorkerCart
{
    public static CartSnapshot Increment(CartSnapshot cart, string itemId) =>
        cart.Items.Any(i => i.Id == itemId)
            ? cart with { Items = [.. cart.Items.Select(i => i.Id == itemId ? i with { Quantity = i.Quantity + 1 } : i)] }
            : cart with { Items = [.. cart.Items, new CartItem { Id = itemId, Name = itemId, Price = 1m }] };
}

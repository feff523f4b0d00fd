import org.jasyncio.Asyncio;
import org.jasyncio.RunOptions;
import org.jasyncio.Task;

/**
 * The three ways to run a coroutine: await it (call it), {@code Asyncio.run} it at the entry point,
 * or start it as a background task with {@code createTask} and gather the tasks later. The log lines
 * of the two tasks mix: they run concurrently.
 *
 * <p>Twin of the tutorial "Asynchronous Programming in Python" (Kedar Chandrayan):
 * <pre>
 * async def f1():
 *    print('started execution of f1')
 *    await asyncio.sleep(1)
 *    print('exiting from f1')
 *    return 'f1_return_value'
 *
 * async def f2():
 *    print('started execution of f2')
 *    await asyncio.sleep(1)
 *    print('exiting from f2')
 *
 * async def my_async_function():
 *    print('started execution of my_async_function')
 *    await asyncio.sleep(1)
 *    ret = await f1()
 *    task1 = asyncio.create_task(f1())
 *    task2 = asyncio.create_task(f2())
 *    await asyncio.gather(task1, task2)
 *    print('exiting from my_async_function')
 *
 * print('line at the end')
 * </pre>
 * (The tutorial never calls {@code asyncio.run(my_async_function())} although its output shows it ran;
 * the Java twin runs it.) Three seconds in all: 1 s sleep, 1 s for {@code f1}, 1 s for both tasks.
 */
public class AwaitAndCreateTask {
    static String f1() {
        System.out.println("started execution of f1");
        Asyncio.sleep(1.0);
        System.out.println("exiting from f1");
        return "f1_return_value";
    }

    static void f2() {
        System.out.println("started execution of f2");
        Asyncio.sleep(1.0);
        System.out.println("exiting from f2");
    }

    static void myAsyncFunction() throws Exception {
        System.out.println("started execution of my_async_function");
        // do something in an asynchronous manner; as an example, sleep for 1 second
        Asyncio.sleep(1.0);

        String ret = f1(); // await: run it and wait for it

        Task<String> task1 = Asyncio.createTask(() -> f1()); // background tasks
        Task<Void> task2 = Asyncio.createTask(() -> f2());
        Asyncio.gather(task1, task2);

        System.out.println("exiting from my_async_function");
    }

    static void run(RunOptions options) throws Exception {
        Asyncio.run(() -> myAsyncFunction(), options);
        System.out.println("line at the end");
    }

    public static void main(String[] args) throws Exception {
        run(RunOptions.defaults());
    }
}

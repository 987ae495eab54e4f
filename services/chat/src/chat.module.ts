import { Module, type DynamicModule } from '@nestjs/common';
import { DurableConsumers, UserDeletedEvent } from '@tasksensei/contracts';
import { type ProcessContext, consumerSpec, systemClock, durableConsumers, openDynamo } from '@tasksensei/platform';
import { DynamoAutomationRecordRepository } from './automations/automation-record.repository.js';
import { AutomationRunner } from './automations/automation-runner.js';
import { forgetMemoryAutomation } from './automations/memory/forget-memory.automation.js';
import { searchMemoryAutomation } from './automations/memory/search-memory.automation.js';
import { ReminderPoller } from './automations/reminders/reminder-poller.js';
import { DynamoReminderRepository } from './automations/reminders/reminder.repository.js';
import { scheduleReminderAutomation } from './automations/reminders/schedule-reminder.automation.js';
import { startUpgradeAutomation } from './automations/remote/start-upgrade.automation.js';
import { updateProfileAutomation } from './automations/remote/update-profile.automation.js';
import { uploadLinkAutomation } from './automations/remote/upload-link.automation.js';
import { completeTaskAutomation } from './automations/tasks/complete-task.automation.js';
import { createTaskAutomation } from './automations/tasks/create-task.automation.js';
import { ListTasksHandler } from './automations/tasks/list-tasks.handler.js';
import { ListTasksUseCase } from './automations/tasks/list-tasks.usecase.js';
import { listTasksAutomation } from './automations/tasks/list-tasks.automation.js';
import { DynamoTaskRepository } from './automations/tasks/task.repository.js';
import { CHAT_MEMORY, DOCUMENT_STORE } from './chat.tokens.js';
import { ChatUserDataRepository } from './erase-user/chat-user-data.repository.js';
import { EraseUserUseCase } from './erase-user/erase-user.usecase.js';
import { ExportDataHandler } from './export-data/export-data.handler.js';
import type { ChatEnv } from './config/chat.env.js';
import { ContextBuilder } from './context/context-builder.js';
import { ConversationSummarizer } from './context/summarizer.js';
import { DynamoConversationRepository } from './conversations/conversation.repository.js';
import { DeleteConversationHandler } from './conversations/delete-conversation/delete-conversation.handler.js';
import { DeleteConversationUseCase } from './conversations/delete-conversation/delete-conversation.usecase.js';
import { ListConversationsHandler } from './conversations/list-conversations/list-conversations.handler.js';
import { ListConversationsUseCase } from './conversations/list-conversations/list-conversations.usecase.js';
import { ListMessagesHandler } from './conversations/list-messages/list-messages.handler.js';
import { ListMessagesUseCase } from './conversations/list-messages/list-messages.usecase.js';
import { DynamoMessageRepository } from './conversations/message.repository.js';
import { ChromaDocumentStore } from './documents/chunks/chroma.document-store.js';
import { DOCUMENTS_ACK_WAIT, DocumentConsumers } from './documents/document-consumers.js';
import { ForgetFileUseCase } from './documents/forget-file/forget-file.usecase.js';
import { BusDocumentEvents } from './documents/index-file/document-events.js';
import { FilesServiceSource } from './documents/index-file/file-source.js';
import { IndexFileUseCase } from './documents/index-file/index-file.usecase.js';
import { DocumentRetriever } from './documents/search/document-retriever.js';
import { NatsChatEvents } from './events/chat-events.js';
import { ChromaMemoryStore } from './memory/chroma.memory-store.js';
import { chromaCheck, chromaCollectionNames, createChroma } from './memory/chroma.client.js';
import { chooseEmbeddings, memoryCollection } from './memory/embeddings.factory.js';
import { DeleteAllMemoriesHandler } from './memory/delete-all-memories/delete-all-memories.handler.js';
import { DeleteAllMemoriesUseCase } from './memory/delete-all-memories/delete-all-memories.usecase.js';
import { ErasureRecordingMemory } from './memory/forgotten/erasure-recording.memory.js';
import { DynamoForgottenRepository } from './memory/forgotten/forgotten.repository.js';
import { DeleteMemoryHandler } from './memory/delete-memory/delete-memory.handler.js';
import { DeleteMemoryUseCase } from './memory/delete-memory/delete-memory.usecase.js';
import { ListMemoriesHandler } from './memory/list-memories/list-memories.handler.js';
import { ListMemoriesUseCase } from './memory/list-memories/list-memories.usecase.js';
import { MemoryCap } from './memory/memory-policy.js';
import { MemoryWriter } from './memory/memory-writer.js';
import { QueryEmbeddingCache } from './memory/query-embedding-cache.js';
import { ResilientMemory } from './memory/resilient-memory.js';
import { chooseModel } from './model/model.factory.js';
import { MembershipUpdatedHandler } from './plans/membership-updated/membership-updated.handler.js';
import { MembershipUpdatedUseCase } from './plans/membership-updated/membership-updated.usecase.js';
import { BillingPlanLimits } from './plans/plan-limits.js';
import { ProfileTimezones } from './profile/user-timezone.js';
import { chatMetrics } from './reply/chat-metrics.js';
import { JetStreamReplyLog } from './reply/control/reply-log.js';
import { ResumeReplyHandler } from './reply/control/resume-reply.handler.js';
import { ResumeReplyUseCase } from './reply/control/resume-reply.usecase.js';
import { NatsStopSignal } from './reply/control/stop-signal.js';
import { StopReplyHandler } from './reply/control/stop-reply.handler.js';
import { StopReplyUseCase } from './reply/control/stop-reply.usecase.js';
import { RegenerateReplyHandler } from './reply/regenerate/regenerate-reply.handler.js';
import { RegenerateReplyUseCase } from './reply/regenerate/regenerate-reply.usecase.js';
import { ReplyRecovery } from './reply/reply-recovery.js';
import { LeaseHeartbeat } from './reply/lease-heartbeat.js';
import { ReplyRunner } from './reply/reply-runner.js';
import { ToolCallRecorder } from './reply/tool-call-recorder.js';
import { DynamoClientMessageRepository } from './send/client-message.repository.js';
import { MessageAdmission } from './send/message-admission.js';
import { SendMessageHandler } from './send/send-message.handler.js';
import { SendMessageUseCase } from './send/send-message.usecase.js';
import { DynamoUsageRepository } from './send/usage.repository.js';
import { newId } from './shared/ids.js';
import { chatTables } from './storage/tables.js';

@Module({})
export class ChatModule {
  static async forRoot(context: ProcessContext<ChatEnv>): Promise<DynamicModule> {
    const { env, logger, requester } = context;
    const clock = systemClock;
    const metrics = chatMetrics(context.metrics);
    const dynamo = await openDynamo(context, chatTables);
    const chroma = createChroma(env.CHROMA_URL);
    context.health.register('chroma', chromaCheck(chroma));

    const { model, description } = chooseModel(env);
    const embedding = chooseEmbeddings(env);
    const collection = memoryCollection(env.CHROMA_COLLECTION, embedding.id);
    logger.info({ model: description, embeddings: embedding.id, collection }, 'chat model and memory');

    const conversations = new DynamoConversationRepository(dynamo);
    const messages = new DynamoMessageRepository(dynamo);
    const tasks = new DynamoTaskRepository(dynamo);
    const reminders = new DynamoReminderRepository(dynamo);
    // Memory and the user's files look a reply's message up with one embedding of it, which remembering it reuses.
    const embeddings = new QueryEmbeddingCache(embedding.embeddings, { symmetric: embedding.symmetric });
    const chromaMemory = new ChromaMemoryStore(chroma, embeddings, collection, chromaCollectionNames(env.CHROMA_URL));
    const documentCollection = `${env.CHROMA_DOCUMENTS_COLLECTION}-${embedding.id}`
      .replace(/[^a-zA-Z0-9._-]/g, '-')
      .replace(/[-_.]+$/, '')
      .slice(0, 60);
    const documentStore = new ChromaDocumentStore(chroma, embeddings, documentCollection);
    // Erasures the user asks for (the Memory page, "forget that ...") are recorded in DynamoDB
    // first, so a rebuild of the memory from the messages (rebuild-memory.ts) leaves them out.
    const forgotten = new DynamoForgottenRepository(dynamo);
    const erasing = new ErasureRecordingMemory(chromaMemory, forgotten, clock);
    const memory = new ResilientMemory(erasing, logger, metrics);
    const memoryCap = new MemoryCap(chromaMemory, env.CHAT_MEMORY_RECOUNT_MS);
    const replyLog = await JetStreamReplyLog.ensure(
      context.nc,
      env.CHAT_REPLY_LOG_TTL_SECONDS,
      env.JETSTREAM_REPLICAS,
      env.CHAT_REPLY_LOG_FLUSH_MS,
    );
    const events = new NatsChatEvents(context.nc, replyLog);
    const limits = new BillingPlanLimits(requester, env.CHAT_PLAN_CACHE_MS, clock);
    const indexFile = new IndexFileUseCase(
      {
        source: new FilesServiceSource(requester, env.LLM_TIMEOUT_MS),
        store: documentStore,
        events: new BusDocumentEvents(context.publisher, events, metrics),
        limits,
        clock,
        logger,
      },
      { maxBytes: env.DOCUMENTS_MAX_BYTES, chunkSize: env.DOCUMENTS_CHUNK_SIZE, chunkOverlap: env.DOCUMENTS_CHUNK_OVERLAP, batchSize: 256 },
    );
    // Every replica listens (no queue group): an upgrade unlocks automations on the next message.
    new MembershipUpdatedHandler(new MembershipUpdatedUseCase(limits)).listen(context.nc);

    const timezones = new ProfileTimezones(requester, logger, clock, env.CHAT_TIMEZONE_CACHE_MS);
    const automations = new AutomationRunner(
      [
        createTaskAutomation(tasks),
        listTasksAutomation(tasks),
        completeTaskAutomation(tasks),
        scheduleReminderAutomation(tasks, reminders),
        uploadLinkAutomation(requester),
        startUpgradeAutomation(requester),
        updateProfileAutomation(requester, (userId, profile) => timezones.changed(userId, profile.timezone)),
        searchMemoryAutomation(memory),
        forgetMemoryAutomation(memory),
      ],
      new DynamoAutomationRecordRepository(dynamo),
      clock,
      logger,
    );
    const replies = new ReplyRunner(
      {
        model,
        automations,
        context: new ContextBuilder(
          conversations,
          messages,
          memory,
          {
            tokenBudget: env.CHAT_CONTEXT_TOKEN_BUDGET,
            memoryResults: env.CHAT_MEMORY_RESULTS,
            recentMessages: env.CHAT_RECENT_MESSAGES,
            summaryAfter: env.CHAT_SUMMARY_AFTER_MESSAGES,
          },
          new DocumentRetriever(documentStore, { results: env.DOCUMENTS_RESULTS, minScore: env.DOCUMENTS_MIN_SCORE }, logger, metrics),
        ),
        summarizer: new ConversationSummarizer(model, conversations, logger),
        messages,
        conversations,
        memory,
        memoryWriter: new MemoryWriter(
          { store: memory, conversations, logger },
          { maxBatch: env.CHAT_MEMORY_WRITE_BATCH, flushMs: env.CHAT_MEMORY_WRITE_FLUSH_MS },
        ),
        memoryCap,
        events,
        limits,
        timezones,
        lease: new LeaseHeartbeat({ messages, clock }, { owner: newId('p_', 12), leaseMs: env.CHAT_REPLY_LEASE_MS }),
        tools: new ToolCallRecorder({ automations, messages, events, clock, metrics }),
        clock,
        logger,
        metrics,
      },
      { maxSteps: env.CHAT_MAX_TOOL_STEPS, shutdownGraceMs: env.SHUTDOWN_GRACE_MS },
    );

    const stopSignal = new NatsStopSignal(context.nc, logger);
    stopSignal.listen((userId, messageId) => replies.stop(userId, messageId));
    const clientMessages = new DynamoClientMessageRepository(dynamo);
    const usage = new DynamoUsageRepository(dynamo);
    const memoryChanged = (userId: string) => memoryCap.forget(userId);
    // Account export and erasure (issue 14): straight to Chroma, never the softened reply-path memory.
    const userData = new ChatUserDataRepository(dynamo);
    const eraseUser = new EraseUserUseCase(userData, chromaMemory, logger);

    return {
      module: ChatModule,
      controllers: [
        SendMessageHandler,
        ListConversationsHandler,
        ListMessagesHandler,
        DeleteConversationHandler,
        ListTasksHandler,
        ExportDataHandler,
        StopReplyHandler,
        ResumeReplyHandler,
        RegenerateReplyHandler,
        ListMemoriesHandler,
        DeleteMemoryHandler,
        DeleteAllMemoriesHandler,
      ],
      providers: [
        { provide: ListTasksUseCase, useValue: new ListTasksUseCase(tasks) },
        { provide: CHAT_MEMORY, useValue: chromaMemory },
        { provide: ChatUserDataRepository, useValue: userData },
        durableConsumers(context, [consumerSpec(DurableConsumers.chatUserDeleted, UserDeletedEvent, (event) => eraseUser.execute(event))]),
        { provide: ReplyRunner, useValue: replies },
        {
          provide: SendMessageUseCase,
          useValue: new SendMessageUseCase(conversations, clientMessages, usage, limits, replies, clock),
        },
        {
          provide: RegenerateReplyUseCase,
          useValue: new RegenerateReplyUseCase(
            conversations,
            messages,
            new MessageAdmission(clientMessages, usage, limits),
            replies,
            clock,
          ),
        },
        { provide: StopReplyUseCase, useValue: new StopReplyUseCase(replies, stopSignal) },
        { provide: ResumeReplyUseCase, useValue: new ResumeReplyUseCase(replyLog) },
        { provide: ListMemoriesUseCase, useValue: new ListMemoriesUseCase(chromaMemory) },
        { provide: DeleteMemoryUseCase, useValue: new DeleteMemoryUseCase(erasing, memoryChanged) },
        { provide: DeleteAllMemoriesUseCase, useValue: new DeleteAllMemoriesUseCase(erasing, memoryChanged) },
        { provide: ListConversationsUseCase, useValue: new ListConversationsUseCase(conversations) },
        { provide: ListMessagesUseCase, useValue: new ListMessagesUseCase(conversations, messages) },
        { provide: DeleteConversationUseCase, useValue: new DeleteConversationUseCase(conversations, messages, chromaMemory, forgotten) },
        {
          provide: ReplyRecovery,
          useValue: new ReplyRecovery(messages, events, env.CHAT_REPLY_LEASE_MS, clock, logger, metrics, context.metrics),
        },
        {
          provide: ReminderPoller,
          useValue: new ReminderPoller(reminders, tasks, events, env.REMINDER_POLL_MS, clock, logger, context.metrics),
        },
        { provide: IndexFileUseCase, useValue: indexFile },
        { provide: ForgetFileUseCase, useValue: new ForgetFileUseCase(documentStore) },
        { provide: DOCUMENT_STORE, useValue: documentStore },
        { provide: DOCUMENTS_ACK_WAIT, useValue: env.DOCUMENTS_ACK_WAIT_MS },
        DocumentConsumers,
      ],
    };
  }
}
